package org.pinring.crdt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bucket cache returns what was put, stays within its budget and forgets on clear. */
class BucketCacheTest {

  @Test
  void returnsTheLastBucketPutAtAnIndex() {
    BucketCache cache = new BucketCache(1 << 20);
    Bucket one = bucketOf(1);
    Bucket two = bucketOf(2);
    assertThat(cache.get(5)).isNull();
    cache.put(5, one);
    assertThat(cache.get(5)).isSameAs(one);
    cache.put(5, two);
    assertThat(cache.get(5)).isSameAs(two);
    cache.clear();
    assertThat(cache.get(5)).isNull();
    assertThat(cache.bytes()).isZero();
  }

  @Test
  void neverHoldsMoreThanItsBudget() {
    long budget = 10 * (64 + 40 * 3);
    BucketCache cache = new BucketCache(budget);
    int cached = 0;
    for (int index = 0; index < 1000; index++) {
      cache.put(index, bucketOf(3));
      assertThat(cache.bytes()).isLessThanOrEqualTo(budget);
      assertThat(cache.get(index)).isNotNull();
    }
    for (int index = 0; index < 1000; index++) {
      if (cache.get(index) != null) {
        cached++;
      }
    }
    assertThat(cached).isBetween(1, 10);
  }

  @Test
  void aBucketLargerThanTheBudgetIsNotCached() {
    BucketCache cache = new BucketCache(100);
    cache.put(1, bucketOf(10));
    assertThat(cache.get(1)).isNull();
    assertThat(cache.bytes()).isZero();
  }

  private static Bucket bucketOf(int records) {
    Bucket bucket = Bucket.EMPTY;
    for (int i = 0; i < records; i++) {
      bucket = bucket.withNewRecord(i * 0x0101_0101_0101_0101L, RecordFilterTest.hash(i));
    }
    return bucket;
  }
}
