#!/bin/sh
# `pinring get` of a 256 MiB file and of a 2,000-file tree, from the local repository and through
# a running daemon (CAR from its gateway, verified, spooled, exported), alternating, 3 rounds, in
# one run on one machine. Wall-clock seconds per command, JVM start included; outputs compared.
# Usage: bench/scripts/get-through-daemon.sh   (builds the CLI through ./pinring if needed)
set -eu
P=$(cd "$(dirname "$0")/../.." && pwd -P)/pinring
W=$(mktemp -d "${TMPDIR:-/tmp}/pinring-get-bench.XXXX")
D=
# Whatever happens, stop the daemon and remove the scratch directory.
cleanup() { if [ -n "$D" ]; then kill "$D" 2>/dev/null || true; wait "$D" 2>/dev/null || true; fi; rm -rf "$W"; }
trap cleanup EXIT INT TERM
head -c 268435456 /dev/urandom > "$W/big.bin"
mkdir -p "$W/tree"; i=0; while [ $i -lt 2000 ]; do printf '%s' "$i" > "$W/tree/f$i.txt"; i=$((i+1)); done
R="$W/repo"
$P repo init --repo "$R" --lend 2GiB >/dev/null
BIG=$($P add --repo "$R" "$W/big.bin" | tail -1)
TREE=$($P add --repo "$R" -r "$W/tree" | tail -1)
t() { s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; }
for round in 1 2 3; do
  rm -rf "$W/o"; mkdir "$W/o"
  echo "round $round local big $(t $P get --repo "$R" "$BIG" -o "$W/o/big-local")"
  echo "round $round local tree $(t $P get --repo "$R" "$TREE" -o "$W/o/tree-local")"
  : > "$W/daemon.out"
  $P daemon --repo "$R" --listen /ip4/127.0.0.1/tcp/0 --api 127.0.0.1:0 > "$W/daemon.out" 2>&1 &
  D=$!
  # A script polling for readiness (not a test), bounded: give up if the daemon exits or after 120 s.
  waited=0
  until grep -q '^ready' "$W/daemon.out"; do
    if ! kill -0 "$D" 2>/dev/null || [ $waited -ge 600 ]; then
      echo "daemon did not become ready:" >&2; cat "$W/daemon.out" >&2; exit 1
    fi
    sleep 0.2; waited=$((waited + 1))
  done
  echo "round $round daemon big $(t $P get --repo "$R" "$BIG" -o "$W/o/big-daemon")"
  echo "round $round daemon tree $(t $P get --repo "$R" "$TREE" -o "$W/o/tree-daemon")"
  kill "$D"; wait "$D" || true; D=
  cmp "$W/o/big-local" "$W/o/big-daemon"; diff -r "$W/o/tree-local" "$W/o/tree-daemon"
done
