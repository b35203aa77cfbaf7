package org.pinring.crdt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The record filter never says "absent" for a record its bucket lists. */
class RecordFilterTest {

  @Property(tries = 300)
  void everyListedFingerprintMayBeThere(
      @ForAll @IntRange(min = 0, max = StateTree.BUCKETS - 1) int index,
      @ForAll @Size(max = 200) List<Long> fingerprints,
      @ForAll long probe) {
    Bucket bucket = Bucket.EMPTY;
    int n = 0;
    for (long fingerprint : fingerprints) {
      bucket = bucket.withNewRecord(fingerprint, hash(n++));
    }
    RecordFilter filter = new RecordFilter();
    filter.set(index, bucket);
    Set<Short> shortOnes = new HashSet<>();
    for (long fingerprint : fingerprints) {
      assertThat(filter.mayContain(index, fingerprint)).isTrue();
      shortOnes.add((short) (fingerprint >> 48));
    }
    // A fingerprint whose top 16 bits no record shares is certainly absent.
    assertThat(filter.mayContain(index, probe))
        .isEqualTo(shortOnes.contains((short) (probe >> 48)));
    assertThat(filter.mayContain((index + 1) % StateTree.BUCKETS, probe)).isFalse();
  }

  @Test
  void clearingForgetsEveryRecordAndSettingReplacesABucket() {
    RecordFilter filter = new RecordFilter();
    long fingerprint = 0x1234_5678_9abc_def0L;
    filter.set(7, Bucket.EMPTY.withNewRecord(fingerprint, hash(1)));
    assertThat(filter.mayContain(7, fingerprint)).isTrue();
    filter.set(7, Bucket.EMPTY);
    assertThat(filter.mayContain(7, fingerprint)).isFalse();
    filter.set(7, Bucket.EMPTY.withNewRecord(fingerprint, hash(1)));
    filter.clear();
    assertThat(filter.mayContain(7, fingerprint)).isFalse();
  }

  static byte[] hash(int n) {
    return Sha256.hash(new byte[] {(byte) n, (byte) (n >>> 8)});
  }
}
