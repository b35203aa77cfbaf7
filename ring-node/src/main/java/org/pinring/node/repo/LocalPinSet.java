package org.pinring.node.repo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.pinring.multiformats.Cid;
import org.pinring.node.state.StateStore;

/**
 * The repository's own recursive pins: roots whose whole DAG garbage collection keeps. {@code
 * pinring add} and {@code pinring car import} pin what they import; {@code pinring pin rm} unpins.
 * Until the ring's CRDT pinset drives the store, this is the only source of GC roots.
 *
 * <p>Stored in the state database under {@code pins/local/<binary CID>}; every change is a
 * synchronous write, so an acknowledged pin survives a crash (and with it the index entries of its
 * DAG, written earlier to the same log). Thread-safe.
 */
public final class LocalPinSet {

  private static final byte[] PREFIX = "pins/local/".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PRESENT = {1};

  private final StateStore state;

  public LocalPinSet(StateStore state) {
    this.state = Objects.requireNonNull(state, "state");
  }

  /** Pins {@code root} (idempotent). The caller has checked that its DAG is complete. */
  public void add(Cid root) {
    state.put(key(root), PRESENT, true);
  }

  /** Unpins {@code root}; true if it was pinned. */
  public boolean remove(Cid root) {
    boolean present = contains(root);
    state.delete(key(root), true);
    return present;
  }

  public boolean contains(Cid root) {
    return state.get(key(root)) != null;
  }

  /** Every pinned root, in binary CID order. */
  public List<Cid> list() {
    List<Cid> roots = new ArrayList<>();
    state.scan(
        PREFIX,
        (key, value) -> {
          roots.add(Cid.decode(Arrays.copyOfRange(key, PREFIX.length, key.length)));
          return true;
        });
    return roots;
  }

  private static byte[] key(Cid cid) {
    byte[] bytes = cid.toBytes();
    byte[] key = Arrays.copyOf(PREFIX, PREFIX.length + bytes.length);
    System.arraycopy(bytes, 0, key, PREFIX.length, bytes.length);
    return key;
  }
}
