package org.pinring.multiformats.ipld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multicodec;
import org.pinring.multiformats.MultihashAlgorithm;

class DagJsonTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "100.0|100.0",
        "-0.0|0.0",
        "1.0E21|1e+21",
        "1.0E20|100000000000000000000.0",
        "1.0E-6|0.000001",
        "1.0E-7|1e-7",
        "1.2345E-7|1.2345e-7",
        "123.456|123.456",
        "2.0E-3|0.002",
        "9.007199254740993E15|9007199254740992.0",
      })
  void writesFloatsAsEcmaScriptDoesAndKeepsThemFloats(double value, String expected) {
    assertThat(DagJson.format(Ipld.of(value))).isEqualTo(expected);
    assertThat(DagJson.decode(expected.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IpldFloat.class);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "9223372036854775808| outside the signed 64-bit range",
        "1e400| out of range",
        "\"\\ud800\"| unpaired surrogate",
        "{\"/\":{\"bytes\":\"AA==\"}}| unpadded",
        "[[[[1]]]]| nesting deeper than 3",
        "{\"/\":\"bafy\"}| invalid link",
        "tru| expected true",
        "-| malformed number",
        "1.| malformed number",
        "\"\\x\"| invalid escape",
      })
  void rejectsWhatIsNotDagJson(String text, String reason) {
    assertThatThrownBy(() -> DagJson.decode(text.getBytes(StandardCharsets.UTF_8), 1000, 3))
        .isInstanceOf(InvalidIpldException.class)
        .hasMessageContaining(reason);
  }

  /**
   * A backslash-u escape takes four ASCII hex digits. Arabic-Indic digits and full-width letters,
   * which Character.digit also reads as hex, were once accepted: a second spelling of "A".
   */
  @Test
  void aUnicodeEscapeTakesOnlyAsciiHexDigits() {
    assertThat(DagJson.decode("\"\\u0041\"".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(Ipld.of("A"));
    String arabicIndic = "" + (char) 0x0660 + (char) 0x0660 + (char) 0x0664 + (char) 0x0661;
    String fullWidth = "00" + (char) 0xFF14 + (char) 0xFF21;
    for (String digits : List.of(arabicIndic, fullWidth)) {
      byte[] text = ("\"\\u" + digits + "\"").getBytes(StandardCharsets.UTF_8);
      assertThatThrownBy(() -> DagJson.decode(text))
          .isInstanceOf(InvalidIpldException.class)
          .hasMessageContaining("invalid \\u escape");
    }
  }

  @Test
  void rejectsInvalidUtf8AndOversizedInput() {
    assertThatThrownBy(() -> DagJson.decode(new byte[] {'"', (byte) 0xff, '"'}))
        .hasMessageContaining("not valid UTF-8");
    assertThatThrownBy(() -> DagJson.decode(new byte[11], 10, 5))
        .hasMessageContaining("exceeds the limit of 10");
  }

  @Test
  void refusesMapsThatWouldReadBackAsLinksOrBytes() {
    IpldMap linkLike = new IpldMap(Map.of("/", Ipld.of("x"), "z", Ipld.of(1)));
    IpldMap bytesLike = new IpldMap(Map.of("/", new IpldMap(Map.of("bytes", Ipld.of("AA")))));

    assertThatThrownBy(() -> DagJson.encode(linkLike)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DagJson.encode(bytesLike))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(DagJson.format(new IpldMap(Map.of("/", Ipld.of(1))))).isEqualTo("{\"/\":1}");
  }

  @Property
  void everyValueRoundTrips(@ForAll("values") Ipld value) {
    byte[] encoded;
    try {
      encoded = DagJson.encode(value);
    } catch (IllegalArgumentException reservedLookalike) {
      return;
    }

    Ipld decoded = DagJson.decode(encoded);

    assertThat(DagJson.encode(decoded)).isEqualTo(encoded);
    assertThat(decoded).isEqualTo(normalizeNegativeZero(value));
  }

  @Property
  void mutatedTextFailsOnlyWithTheDeclaredException(
      @ForAll("values") Ipld value, @ForAll int position, @ForAll byte replacement) {
    byte[] bytes;
    try {
      bytes = DagJson.encode(value);
    } catch (IllegalArgumentException reservedLookalike) {
      return;
    }
    bytes[Math.floorMod(position, bytes.length)] = replacement;
    try {
      DagJson.decode(bytes);
    } catch (InvalidIpldException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Property
  void everyTruncationFailsOrIsANumberPrefix(@ForAll("values") Ipld value) {
    byte[] bytes;
    try {
      bytes = DagJson.encode(value);
    } catch (IllegalArgumentException reservedLookalike) {
      return;
    }
    for (int end = 0; end < bytes.length; end++) {
      byte[] prefix = Arrays.copyOf(bytes, end);
      try {
        Ipld decoded = DagJson.decode(prefix);
        // Only a number can be cut short and still be a number.
        assertThat(decoded).isInstanceOfAny(IpldInt.class, IpldFloat.class);
      } catch (InvalidIpldException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }

  /** ECMAScript prints -0 as 0, so -0.0 reads back as 0.0. */
  private static Ipld normalizeNegativeZero(Ipld value) {
    if (value instanceof IpldFloat f && f.value() == 0) {
      return Ipld.of(0.0);
    }
    if (value instanceof IpldList list) {
      return new IpldList(list.items().stream().map(DagJsonTest::normalizeNegativeZero).toList());
    }
    if (value instanceof IpldMap map) {
      java.util.Map<String, Ipld> entries = new java.util.HashMap<>();
      map.entries().forEach((k, v) -> entries.put(k, normalizeNegativeZero(v)));
      return new IpldMap(entries);
    }
    return value;
  }

  @Provide
  Arbitrary<Ipld> values() {
    return Arbitraries.recursive(this::scalars, this::containersOf, 0, 3);
  }

  private Arbitrary<Ipld> containersOf(Arbitrary<Ipld> element) {
    return Arbitraries.oneOf(
        element,
        element.list().ofMaxSize(4).map(IpldList::new),
        Arbitraries.maps(
                Arbitraries.strings().ofMaxLength(6).filter(DagJsonTest::wellFormed), element)
            .ofMaxSize(4)
            .map(IpldMap::new));
  }

  private Arbitrary<Ipld> scalars() {
    return Arbitraries.oneOf(
        Arbitraries.just(Ipld.nullValue()),
        Arbitraries.of(true, false).map(Ipld::of),
        Arbitraries.longs().map(Ipld::of),
        Arbitraries.doubles().filter(Double::isFinite).map(Ipld::of),
        Arbitraries.strings().ofMaxLength(20).filter(DagJsonTest::wellFormed).map(Ipld::of),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(40).map(Ipld::of),
        Arbitraries.bytes()
            .array(byte[].class)
            .ofMaxSize(10)
            .map(b -> Ipld.of(Cid.v1(Multicodec.RAW, MultihashAlgorithm.SHA2_256.digest(b)))));
  }

  private static boolean wellFormed(String text) {
    try {
      Utf8Text.encode(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
