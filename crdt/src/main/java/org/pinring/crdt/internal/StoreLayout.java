package org.pinring.crdt.internal;

import java.nio.charset.StandardCharsets;
import org.pinring.crdt.OperationId;
import org.pinring.crdt.kv.Keys;
import org.pinring.multiformats.Cid;

/**
 * The key layout of a replica in its {@link org.pinring.crdt.kv.KeyValueStore}. One byte of prefix
 * per family; CIDs are written in binary, which is self-delimiting (no valid CID is a prefix of
 * another), so a prefix scan over {@code family + cid} finds exactly that CID's entries.
 *
 * <pre>
 * m NAME              metadata: format version, ring id
 * h CID               heads: the applied deltas no applied delta links to (value: height)
 * d CID               applied (or snapshot-known) deltas: flags, height, parents
 * p CID               pending deltas: fetched and checked, waiting for their parents (value: block)
 * w CID               wanted blocks, not fetched yet (value: UTF-8 id of a peer that has it)
 * c PARENT CHILD      index: pending CHILD waits for PARENT
 * y CID               pending deltas whose parents are all applied (ready to apply)
 * r CID               rejected deltas (value: UTF-8 reason)
 * s BUCKET KEY        state records (BUCKET = 2 bytes, KEY = 0x01 CID for pins, 0x02 ID for ring ops,
 *                     0x03 ID for retired operations)
 * b BUCKET HASH       one entry per state record of the bucket: its hash (in the key, so a scan
 *                     lists them sorted) and its key fingerprint (value, 8 bytes; see Bucket)
 * o TYPE 0x00 ID      index of ring operations by type
 * k ID                signed checkpoint operations, as first received
 * q HEIGHT' CID       index of pending deltas, highest first (HEIGHT' = 2^63 - 1 - height, 8 bytes)
 * v CID               parked wanted blocks: evicted pending deltas to fetch again once the walk
 *                     below them is done (value: UTF-8 id of a peer that has it)
 * u TAG CID           index of tombstones whose add has not been seen: CID's record lists TAG
 * z CID               compaction work list: deltas still to compact
 * x                   bootstrap in progress (value: the checkpoint operation id)
 * </pre>
 */
public final class StoreLayout {

  /**
   * Version of this layout, stored under {@code m format}. Format 2 (each bucket one value, {@code
   * b BUCKET -> count, hashes, fingerprints}) is migrated on open ({@link FormatMigration});
   * opening any other version fails.
   */
  public static final int FORMAT_VERSION = 3;

  /** The previous layout, which {@link FormatMigration} converts. */
  static final int FORMAT_WHOLE_BUCKETS = 2;

  public static final byte META = 'm';
  public static final byte HEAD = 'h';
  public static final byte DELTA = 'd';
  public static final byte PENDING = 'p';
  public static final byte WANTED = 'w';
  public static final byte WAITING = 'c';
  public static final byte READY = 'y';
  public static final byte REJECTED = 'r';
  public static final byte RECORD = 's';
  public static final byte BUCKET = 'b';
  public static final byte RING_TYPE = 'o';
  public static final byte CHECKPOINT = 'k';
  public static final byte COMPACT = 'z';
  public static final byte BOOTSTRAP = 'x';
  public static final byte UNSEEN = 'u';
  public static final byte PENDING_BY_HEIGHT = 'q';
  public static final byte PARKED = 'v';

  /** Record key kinds inside a bucket. */
  public static final byte PIN_RECORD = 0x01;

  public static final byte RING_RECORD = 0x02;

  public static final byte RETIRED_RECORD = 0x03;

  public static byte[] formatKey() {
    return meta("format");
  }

  public static byte[] ringKey() {
    return meta("ring");
  }

  public static byte[] bootstrapKey() {
    return new byte[] {BOOTSTRAP};
  }

  private StoreLayout() {}

  public static byte[] prefix(byte family) {
    return new byte[] {family};
  }

  public static byte[] meta(String name) {
    return Keys.concat(prefix(META), name.getBytes(StandardCharsets.UTF_8));
  }

  public static byte[] cidKey(byte family, Cid cid) {
    byte[] key = new byte[1 + cid.encodedLength()];
    key[0] = family;
    cid.writeTo(key, 1);
    return key;
  }

  /** The CID in a {@code family + cid} key. */
  public static Cid cidOf(byte[] key) {
    return Cid.decode(java.util.Arrays.copyOfRange(key, 1, key.length));
  }

  public static byte[] waitingKey(Cid parent, Cid child) {
    return Keys.concat(cidKey(WAITING, parent), child.toBytes());
  }

  /** The child in a {@link #WAITING} key whose parent is {@code parent}. */
  public static Cid waitingChild(byte[] key, Cid parent) {
    return Cid.decode(java.util.Arrays.copyOfRange(key, 1 + parent.encodedLength(), key.length));
  }

  /** The {@link #UNSEEN} index entry: {@code cid}'s record holds a tombstone for {@code tag}. */
  public static byte[] unseenKey(OperationId tag, Cid cid) {
    return Keys.concat(opKey(UNSEEN, tag), cid.toBytes());
  }

  /** The {@link #PENDING_BY_HEIGHT} entry of a pending delta: a scan visits the highest first. */
  public static byte[] pendingByHeightKey(long height, Cid cid) {
    byte[] key = new byte[1 + 8 + cid.encodedLength()];
    key[0] = PENDING_BY_HEIGHT;
    long inverted = Long.MAX_VALUE - height;
    for (int i = 0; i < 8; i++) {
      key[1 + i] = (byte) (inverted >>> (56 - 8 * i));
    }
    cid.writeTo(key, 9);
    return key;
  }

  /** The CID in a {@link #PENDING_BY_HEIGHT} key. */
  public static Cid pendingByHeightCid(byte[] key) {
    return Cid.decode(java.util.Arrays.copyOfRange(key, 9, key.length));
  }

  public static byte[] opKey(byte family, OperationId id) {
    return Keys.concat(prefix(family), id.toBytes());
  }

  public static byte[] ringTypeKey(String type, OperationId id) {
    return Keys.concat(ringTypePrefix(type), id.toBytes());
  }

  public static byte[] ringTypePrefix(String type) {
    return Keys.concat(prefix(RING_TYPE), type.getBytes(StandardCharsets.UTF_8), new byte[] {0});
  }

  public static byte[] bucketKey(byte family, int bucket) {
    return new byte[] {family, (byte) (bucket >>> 8), (byte) bucket};
  }

  public static byte[] recordKey(int bucket, byte[] recordKey) {
    return Keys.concat(bucketKey(RECORD, bucket), recordKey);
  }
}
