package org.pinring.node.blockstore;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiPredicate;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.MultiformatException;
import org.pinring.multiformats.Multihash;
import org.pinring.multiformats.Varint;
import org.pinring.node.state.StateStore;

/**
 * The block store's index in the state database: for each stored block (keyed by multihash, as its
 * file is) its size, the codec it was stored under and its links, plus the running totals the quota
 * is checked against. Entries and totals change in one atomic batch.
 *
 * <p>Keys: {@code blocks/b/<multihash>} for entries, {@code blocks/meta/*} for totals and the open
 * marker. Not synchronized itself: the store serializes writes.
 */
final class BlockIndex {

  private static final byte[] ENTRY_PREFIX = ascii("blocks/b/");
  private static final byte[] USED_KEY = ascii("blocks/meta/used-bytes");
  private static final byte[] COUNT_KEY = ascii("blocks/meta/count");
  private static final byte[] OPEN_KEY = ascii("blocks/meta/open");
  private static final int FORMAT = 1;

  /**
   * What the index knows about a block.
   *
   * @param size its length in bytes
   * @param codec the codec of the CID it was stored under
   * @param links the links read from it under that codec
   */
  record Entry(int size, long codec, List<Cid> links) {
    Entry {
      links = List.copyOf(links);
    }
  }

  /** Totals as stored. */
  record Totals(long usedBytes, long blocks) {}

  private final StateStore state;

  BlockIndex(StateStore state) {
    this.state = state;
  }

  boolean contains(Multihash multihash) {
    return state.get(key(multihash)) != null;
  }

  Entry get(Multihash multihash) {
    byte[] value = state.get(key(multihash));
    return value == null ? null : decode(value);
  }

  void put(Multihash multihash, Entry entry, Totals totals) {
    StateStore.Batch batch = state.batch();
    batch.put(key(multihash), encode(entry));
    putTotals(batch, totals);
    state.write(batch, false);
  }

  void remove(Multihash multihash, Totals totals) {
    StateStore.Batch batch = state.batch();
    batch.delete(key(multihash));
    putTotals(batch, totals);
    state.write(batch, false);
  }

  /** Removes several entries and records new totals atomically. */
  void removeAll(List<Multihash> multihashes, Totals totals, boolean sync) {
    StateStore.Batch batch = state.batch();
    for (Multihash multihash : multihashes) {
      batch.delete(key(multihash));
    }
    putTotals(batch, totals);
    state.write(batch, sync);
  }

  Totals totals() {
    return new Totals(readLong(USED_KEY), readLong(COUNT_KEY));
  }

  void writeTotals(Totals totals, boolean sync) {
    StateStore.Batch batch = state.batch();
    putTotals(batch, totals);
    state.write(batch, sync);
  }

  /** Whether the store was open and not closed cleanly since (a crash). */
  boolean openMarkerPresent() {
    return state.get(OPEN_KEY) != null;
  }

  void setOpenMarker(boolean open) {
    if (open) {
      state.put(OPEN_KEY, new byte[] {1}, true);
    } else {
      state.delete(OPEN_KEY, true);
    }
  }

  /**
   * Visits every entry on a consistent snapshot until the visitor returns false.
   *
   * @throws IllegalStateException if a key or value is damaged
   */
  void scan(BiPredicate<Multihash, Entry> visitor) {
    state.scan(ENTRY_PREFIX, (key, value) -> visitor.test(multihashOf(key), decode(value)));
  }

  private static Multihash multihashOf(byte[] key) {
    try {
      return Multihash.decode(Arrays.copyOfRange(key, ENTRY_PREFIX.length, key.length));
    } catch (MultiformatException e) {
      throw new IllegalStateException("damaged block index key: " + e.getMessage(), e);
    }
  }

  private static void putTotals(StateStore.Batch batch, Totals totals) {
    batch.put(USED_KEY, longBytes(totals.usedBytes()));
    batch.put(COUNT_KEY, longBytes(totals.blocks()));
  }

  private static byte[] key(Multihash multihash) {
    byte[] mh = multihash.toBytes();
    byte[] key = Arrays.copyOf(ENTRY_PREFIX, ENTRY_PREFIX.length + mh.length);
    System.arraycopy(mh, 0, key, ENTRY_PREFIX.length, mh.length);
    return key;
  }

  static byte[] encode(Entry entry) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 + entry.links().size() * 40);
    out.write(FORMAT);
    writeVarint(out, entry.size());
    writeVarint(out, entry.codec());
    writeVarint(out, entry.links().size());
    for (Cid link : entry.links()) {
      byte[] bytes = link.toBytes();
      writeVarint(out, bytes.length);
      out.write(bytes, 0, bytes.length);
    }
    return out.toByteArray();
  }

  /**
   * Entries are written only by this class; a value that does not parse back exactly is a damaged
   * database. Every length and count is checked against the bytes left before it is used, so a
   * damaged value fails here instead of decoding to other links (a link cut short used to be padded
   * with zeros into a valid CID of another block).
   *
   * @throws IllegalStateException if {@code value} is not an entry as {@link #encode} writes it
   */
  static Entry decode(byte[] value) {
    if (value.length == 0 || value[0] != FORMAT) {
      throw damaged("entry of unknown format");
    }
    int[] position = {1};
    try {
      long size = readVarint(value, position);
      if (size > Integer.MAX_VALUE) {
        throw damaged("entry with a size of " + size + " bytes");
      }
      long codec = readVarint(value, position);
      long count = readVarint(value, position);
      // Each link takes at least two bytes (its length and one byte of CID).
      if (count > (value.length - position[0]) / 2) {
        throw damaged("entry declaring " + count + " links in " + value.length + " bytes");
      }
      List<Cid> links = new ArrayList<>((int) count);
      for (long i = 0; i < count; i++) {
        long length = readVarint(value, position);
        if (length > value.length - position[0]) {
          throw damaged("entry whose link of " + length + " bytes runs past its end");
        }
        int start = position[0];
        position[0] += (int) length;
        links.add(Cid.decode(Arrays.copyOfRange(value, start, position[0])));
      }
      if (position[0] != value.length) {
        throw damaged("entry with " + (value.length - position[0]) + " byte(s) after its links");
      }
      return new Entry((int) size, codec, links);
    } catch (MultiformatException e) {
      throw new IllegalStateException("damaged block index entry: " + e.getMessage(), e);
    }
  }

  private static IllegalStateException damaged(String what) {
    return new IllegalStateException("damaged block index " + what);
  }

  private static void writeVarint(ByteArrayOutputStream out, long value) {
    byte[] bytes = Varint.encode(value);
    out.write(bytes, 0, bytes.length);
  }

  private static long readVarint(byte[] value, int[] position) {
    Varint.Decoded decoded = Varint.decode(value, position[0]);
    position[0] += decoded.length();
    return decoded.value();
  }

  private long readLong(byte[] key) {
    byte[] value = state.get(key);
    if (value == null) {
      return 0;
    }
    if (value.length != Long.BYTES) {
      throw damaged("total of " + value.length + " bytes instead of " + Long.BYTES);
    }
    return ByteBuffer.wrap(value).getLong();
  }

  private static byte[] longBytes(long value) {
    return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
