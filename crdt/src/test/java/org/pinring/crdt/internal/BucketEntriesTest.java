package org.pinring.crdt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.pinring.crdt.kv.InMemoryKeyValueStore;
import org.pinring.crdt.kv.KeyValueStore;
import org.pinring.crdt.kv.WriteBatch;

/**
 * A bucket stored as one entry per record (format 3) reads back as the bucket that was built in
 * memory, whatever the order of changes, and a staged batch's view of the entries is what the store
 * holds after the batch commits.
 */
class BucketEntriesTest {

  @Property(tries = 200)
  void stagedChangesReadBackAsTheBucketBuiltInMemory(
      @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 60) Integer> adds,
      @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 60) Integer> removes,
      @ForAll @IntRange(min = 0, max = 65_535) int index) {
    KeyValueStore store = new InMemoryKeyValueStore();
    Bucket expected = Bucket.EMPTY;
    List<Integer> present = new ArrayList<>();
    // Two batches: the second starts from what the first committed.
    for (List<Integer> changes : List.of(adds, removes)) {
      StagedWrites staged = new StagedWrites(store);
      for (int record : changes) {
        byte[] hash = hash(record);
        long fingerprint = fingerprint(record);
        if (present.contains(record)) {
          expected = expected.withoutRecord(fingerprint, hash);
          staged.delete(Bucket.entryKey(index, hash));
          present.remove(Integer.valueOf(record));
        } else {
          expected = expected.withNewRecord(fingerprint, hash);
          staged.put(Bucket.entryKey(index, hash), Bucket.entryValue(fingerprint));
          present.add(record);
        }
        assertSameBucket(Bucket.read(staged, index), expected);
      }
      store.write(staged.toBatch(), KeyValueStore.Durability.SYNC);
      assertSameBucket(Bucket.read(store, index), expected);
    }
    assertSameBucket(Bucket.read(store, index == 0 ? 1 : index - 1), Bucket.EMPTY);
  }

  @Test
  void aMalformedEntryIsReportedAsACorruptStore() {
    KeyValueStore store = new InMemoryKeyValueStore();
    byte[] key = Bucket.entryKey(9, hash(1));
    store.write(new WriteBatch().put(key, new byte[7]), KeyValueStore.Durability.SYNC);
    assertThatThrownBy(() -> Bucket.read(store, 9))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("corrupt state bucket entry");
    // A format-2 bucket value left in a format-3 store is corrupt too.
    store.write(
        new WriteBatch().delete(key).put(StoreLayout.bucketKey(StoreLayout.BUCKET, 9), new byte[4]),
        KeyValueStore.Durability.SYNC);
    assertThatThrownBy(() -> Bucket.read(store, 9)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void twoRecordsWithTheSameFingerprintKeepTwoEntries() {
    KeyValueStore store = new InMemoryKeyValueStore();
    StagedWrites staged = new StagedWrites(store);
    staged.put(Bucket.entryKey(3, hash(1)), Bucket.entryValue(42));
    staged.put(Bucket.entryKey(3, hash(2)), Bucket.entryValue(42));
    store.write(staged.toBatch(), KeyValueStore.Durability.SYNC);
    Bucket read = Bucket.read(store, 3);
    assertThat(read.count()).isEqualTo(2);
    assertThat(read.withoutRecord(42, hash(1)).mayContain(42)).isTrue();
  }

  private static void assertSameBucket(Bucket actual, Bucket expected) {
    assertThat(actual.packedHashes()).isEqualTo(expected.packedHashes());
    assertThat(actual.shortFingerprints()).isEqualTo(expected.shortFingerprints());
    assertThat(actual.count()).isEqualTo(expected.count());
    assertThat(actual.leafHash()).isEqualTo(expected.leafHash());
  }

  private static byte[] hash(int record) {
    return Sha256.hash(new byte[] {(byte) record, 1});
  }

  /** Fingerprints in an order unrelated to the hashes', with a shared top half for some. */
  private static long fingerprint(int record) {
    return ((long) (record % 7) << 60) ^ (record * 0x9E3779B97F4A7C15L);
  }
}
