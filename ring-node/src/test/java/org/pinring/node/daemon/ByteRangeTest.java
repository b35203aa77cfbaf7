package org.pinring.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** HTTP Range parsing for the gateway's file bytes (RFC 9110 section 14). */
class ByteRangeTest {

  /** The examples of RFC 9110 section 14.1.2, on a representation of 10000 bytes. */
  @ParameterizedTest
  @CsvSource({
    "bytes=0-499, 0, 499",
    "bytes=500-999, 500, 999",
    "bytes=-500, 9500, 9999",
    "bytes=9500-, 9500, 9999",
    "bytes=0-0, 0, 0",
    "bytes=-1, 9999, 9999",
    "bytes=0-99999, 0, 9999",
    "bytes=-20000, 0, 9999",
    "BYTES = 10 - 20 , 10, 20"
  })
  void parsesTheRfcExamples(String header, long first, long last) {
    assertThat(ByteRange.parse(header, 10_000)).contains(new ByteRange(first, last));
  }

  @Test
  void ignoresNoHeaderOtherUnitsAndSeveralRanges() {
    assertThat(ByteRange.parse(null, 10)).isEmpty();
    assertThat(ByteRange.parse("items=0-5", 10)).isEmpty();
    assertThat(ByteRange.parse("bytes=0-1,5-6", 10)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "bytes=10000-",
        "bytes=20000-30000",
        "bytes=5-2",
        "bytes=-0",
        "bytes=abc",
        "bytes=",
        "bytes=1",
        "bytes=-",
        "bytes=+1-2",
        "bytes=1-2x",
        "bytes=1234567890123456789-",
        "garbage"
      })
  void refusesMalformedAndUnsatisfiableRanges(String header) {
    assertThatThrownBy(() -> ByteRange.parse(header, 10_000))
        .isInstanceOf(ByteRange.UnsatisfiableException.class);
  }

  @Test
  void anEmptyFileHasNoSatisfiableRange() {
    assertThatThrownBy(() -> ByteRange.parse("bytes=0-", 0))
        .isInstanceOf(ByteRange.UnsatisfiableException.class);
    assertThatThrownBy(() -> ByteRange.parse("bytes=-5", 0))
        .isInstanceOf(ByteRange.UnsatisfiableException.class);
  }

  @Test
  void refusesAnOverlongHeaderBeforeParsing() {
    String header = "bytes=" + "0".repeat(ByteRange.MAX_HEADER_CHARS) + "-1";
    assertThatThrownBy(() -> ByteRange.parse(header, 10))
        .isInstanceOf(ByteRange.UnsatisfiableException.class)
        .hasMessageContaining("longer than");
  }

  @Test
  void writesTheContentRangeOfA206() {
    assertThat(new ByteRange(0, 499).contentRange(10_000)).isEqualTo("bytes 0-499/10000");
  }

  record Case(long size, long first, long last) {}

  @Provide
  Arbitrary<Case> satisfiable() {
    return Arbitraries.longs()
        .between(1, 1L << 50)
        .flatMap(
            size ->
                Arbitraries.longs()
                    .between(0, size - 1)
                    .flatMap(
                        first ->
                            Combinators.combine(
                                    Arbitraries.just(first),
                                    Arbitraries.longs().between(first, size - 1))
                                .as((f, l) -> new Case(size, f, l))));
  }

  @Property
  void aRangeWithinTheFileParsesToItself(@ForAll("satisfiable") Case c) {
    ByteRange range =
        ByteRange.parse("bytes=" + c.first() + "-" + c.last(), c.size()).orElseThrow();

    assertThat(range).isEqualTo(new ByteRange(c.first(), c.last()));
    assertThat(range.length()).isEqualTo(c.last() - c.first() + 1);
    assertThat(range.contentRange(c.size()))
        .isEqualTo("bytes " + c.first() + "-" + c.last() + "/" + c.size());
  }

  @Property
  void anyHeaderFailsOnlyWithTheDeclaredException(
      @ForAll String header, @ForAll @LongRange(min = 0, max = 1L << 40) long size) {
    try {
      ByteRange.parse(header, size)
          .ifPresent(r -> assertThat(r.last()).isLessThan(size).isGreaterThanOrEqualTo(r.first()));
    } catch (ByteRange.UnsatisfiableException expected) {
      // declared
    }
  }

  @Property
  void mutatedRangesFailOnlyWithTheDeclaredException(
      @ForAll("satisfiable") Case c, @ForAll("mutation") String noise) {
    String header = "bytes=" + c.first() + noise + "-" + c.last();
    try {
      ByteRange.parse(header, c.size()).ifPresent(r -> assertThat(r.last()).isLessThan(c.size()));
    } catch (ByteRange.UnsatisfiableException expected) {
      // declared
    }
  }

  @Provide
  Arbitrary<String> mutation() {
    return Arbitraries.strings().withChars("0123456789-,= xa\t").ofMaxLength(4);
  }
}
