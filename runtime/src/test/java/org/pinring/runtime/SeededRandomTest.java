package org.pinring.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class SeededRandomTest {

  /**
   * The first outputs of xoshiro256** from state {1, 2, 3, 4}, as printed by the authors' reference
   * C implementation (and used by other ports as their known-answer test).
   */
  @Test
  void matchesTheReferenceGeneratorOutput() {
    SeededRandom random = SeededRandom.fromState(1, 2, 3, 4);
    long[] expected = {
      11520L,
      0L,
      1509978240L,
      1215971899390074240L,
      1216172134540287360L,
      607988272756665600L,
      Long.parseUnsignedLong("16172922978634559625"),
      8476171486693032832L,
      Long.parseUnsignedLong("10595114339597558777"),
      2904607092377533576L,
    };

    long[] actual = IntStream.range(0, expected.length).mapToLong(i -> random.nextLong()).toArray();

    assertThat(actual).containsExactly(expected);
  }

  @Test
  void theSameSeedGivesTheSameSequence() {
    assertThat(draw(SeededRandom.fromSeed(42), 100))
        .isEqualTo(draw(SeededRandom.fromSeed(42), 100));
    assertThat(draw(SeededRandom.fromSeed(42), 100))
        .isNotEqualTo(draw(SeededRandom.fromSeed(43), 100));
  }

  @Test
  void seedingIsPinnedAcrossVersions() {
    // Changing the seeding scheme would silently change every recorded testbed result; these
    // values pin it. Change them only together with a note in docs/ that results changed.
    assertThat(SeededRandom.fromSeed(1).nextLong()).isEqualTo(2274146524543128371L);
    assertThat(SeededRandom.fromSeed(1).fork("node-0").nextLong()).isEqualTo(4362530294461012000L);
  }

  @Test
  void forksDependOnlyOnTheSeedAndThePurpose() {
    SeededRandom untouched = SeededRandom.fromSeed(7);
    SeededRandom used = SeededRandom.fromSeed(7);
    draw(used, 1000);

    assertThat(draw(used.fork("node-3"), 50)).isEqualTo(draw(untouched.fork("node-3"), 50));
    assertThat(draw(untouched.fork("node-3"), 50)).isNotEqualTo(draw(untouched.fork("node-4"), 50));
    assertThat(draw(untouched.fork("a").fork("b"), 5)).isNotEqualTo(draw(untouched.fork("ab"), 5));
  }

  @Property
  void boundedDrawsStayInRange(
      @ForAll long seed,
      @ForAll @IntRange(min = 1) int bound,
      @ForAll @LongRange(min = 1) long longBound) {
    SeededRandom random = SeededRandom.fromSeed(seed);
    for (int i = 0; i < 20; i++) {
      assertThat(random.nextInt(bound)).isBetween(0, bound - 1);
      assertThat(random.nextLong(longBound)).isBetween(0L, longBound - 1);
      assertThat(random.nextDouble()).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
    }
  }

  @Test
  void smallBoundsAreRoughlyUniform() {
    SeededRandom random = SeededRandom.fromSeed(99);
    int buckets = 10;
    int draws = 100_000;
    int[] counts = new int[buckets];
    for (int i = 0; i < draws; i++) {
      counts[random.nextInt(buckets)]++;
    }
    double expected = (double) draws / buckets;
    double chiSquare = 0;
    for (int count : counts) {
      chiSquare += (count - expected) * (count - expected) / expected;
    }
    // 9 degrees of freedom: the 99.99th percentile is about 33.7.
    assertThat(chiSquare).isLessThan(33.7);
  }

  @Test
  void nextBytesFillsPartialWords() {
    SeededRandom a = SeededRandom.fromSeed(5);
    SeededRandom b = SeededRandom.fromSeed(5);
    byte[] bytes = new byte[11];
    a.nextBytes(bytes);
    long first = b.nextLong();
    long second = b.nextLong();

    for (int i = 0; i < 8; i++) {
      assertThat(bytes[i]).isEqualTo((byte) (first >>> (8 * i)));
    }
    for (int i = 8; i < 11; i++) {
      assertThat(bytes[i]).isEqualTo((byte) (second >>> (8 * (i - 8))));
    }
  }

  @Test
  void shuffleIsAPermutationAndReproducible() {
    List<Integer> one = new ArrayList<>(IntStream.range(0, 50).boxed().toList());
    List<Integer> two = new ArrayList<>(one);
    SeededRandom.fromSeed(3).shuffle(one);
    SeededRandom.fromSeed(3).shuffle(two);

    assertThat(one)
        .isEqualTo(two)
        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 50).boxed().toList());
    assertThat(one).isNotEqualTo(IntStream.range(0, 50).boxed().toList());
  }

  @Test
  void rejectsNonPositiveBounds() {
    SeededRandom random = SeededRandom.fromSeed(1);
    assertThatThrownBy(() -> random.nextInt(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> random.nextLong(-5)).isInstanceOf(IllegalArgumentException.class);
  }

  private static List<Long> draw(RandomSource random, int count) {
    List<Long> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      values.add(random.nextLong());
    }
    return values;
  }
}
