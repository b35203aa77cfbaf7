#!/bin/sh
# The content layer's JMH benchmarks (docs/BENCHMARKS.md, "Content layer"), one JMH invocation per
# preset and pair of benchmarks, each in a directory of its own that is removed afterwards.
#
# Why not one invocation: every import benchmark deletes its repositories (gigabytes of block
# files) when its trial ends. On ext4 without a journal, a file created within a minute or so of
# many deletions makes the kernel test each recently freed inode in turn, which costs the next
# import more than its own work. A directory created directly under the file system's root lands
# in a block group of ext4's choosing, away from those inodes, so pass BASE=/ there (as root).
#
# Usage: bench/scripts/content-bench.sh [BASE] [extra JMH options]
#   BASE defaults to ${TMPDIR:-/tmp}; build first: mvn -B -q -pl bench -am package -DskipTests
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd -P)
BASE=${1:-${TMPDIR:-/tmp}}
[ $# -gt 0 ] && shift
CP="$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")"
for preset in helia kubo; do
  for pattern in 'ContentBenchmark.(sha256|importFile)' 'ContentBenchmark.(importOnlyHash|cat)'; do
    W=$(mktemp -d "$BASE/pinring-content-bench.XXXXXX")
    echo "== $preset $pattern $(date -u +%H:%M:%S) load average:$(cut -d' ' -f1-3 /proc/loadavg)"
    java -Xmx2g -cp "$CP" org.openjdk.jmh.Main "$pattern" -p preset="$preset" -wi 1 -i 5 \
      -jvmArgsAppend "-Djava.io.tmpdir=$W" "$@" |
      grep -E '^(Iteration|ContentBenchmark\.)|Exception|Error|forked VM failed' || true
    rm -rf "$W"
  done
done
