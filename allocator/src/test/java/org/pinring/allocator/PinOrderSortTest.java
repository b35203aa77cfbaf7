package org.pinring.allocator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** The radix sort behind {@link PinOrder} orders by the unsigned 40-bit prefix, stably. */
class PinOrderSortTest {

  private static final long INDEX_MASK = (1L << 24) - 1;

  @Property
  void sortsByTheUnsignedPrefixAndKeepsInputOrderWithinAPrefix(
      @ForAll @Size(max = 300) List<Long> keys, @ForAll boolean fewPrefixes) {
    long[] values = new long[keys.size()];
    for (int i = 0; i < values.length; i++) {
      long key = keys.get(i);
      // Few distinct prefixes make long runs of equal prefixes, where stability shows.
      long prefix = fewPrefixes ? (key & 3) << 62 | (key & 1) << 30 : key;
      values[i] = (prefix & ~INDEX_MASK) | i;
    }
    long[] expected = values.clone();
    // Signed order of the flipped values is unsigned order; the index bits break ties by input
    // position, which is what a stable sort by prefix gives.
    for (int i = 0; i < expected.length; i++) {
      expected[i] ^= Long.MIN_VALUE;
    }
    Arrays.sort(expected);
    for (int i = 0; i < expected.length; i++) {
      expected[i] ^= Long.MIN_VALUE;
    }

    PinOrder.sortByPrefix(values);

    assertThat(values).containsExactly(expected);
  }
}
