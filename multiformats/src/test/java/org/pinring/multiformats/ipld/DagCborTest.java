package org.pinring.multiformats.ipld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
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

/** The strictness rules of the DAG-CBOR specification, one by one, plus properties. */
class DagCborTest {

  private static final HexFormat HEX = HexFormat.of();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1817| shortest form",
        "190017| shortest form",
        "1a00000017| shortest form",
        "1b0000000000000017| shortest form",
        "5800| shortest form",
        "780161| shortest form",
        "a2616201616102| canonical order",
        "a2626161016162 02| canonical order",
        "a2616101616102| canonical order",
        "9f01ff| indefinite-length",
        "5f4101ff| indefinite-length",
        "bf616101ff| indefinite-length",
        "c074323031332d30332d32315432303a30343a30305a| tag 0 is not allowed",
        "d842d82a| tag 66 is not allowed",
        "d9002a4700017112200000| shortest form",
        "d82a4501711220ff| 0x00 followed by a binary CID",
        "d82a6161| must hold a byte string",
        "d82a420001| invalid link",
        "f7| undefined",
        "e0| simple value 0",
        "f820| simple value 24",
        "ff| break code",
        "f93c00| 16-bit float",
        "fa3fc00000| 32-bit float",
        "fb7ff8000000000000| NaN",
        "fb7ff0000000000000| NaN and infinities",
        "fbfff0000000000000| NaN and infinities",
        "a10102| map keys must be strings",
        "0000| byte(s) after the end",
        "| empty input",
        "19| ends unexpectedly",
        "62c328| not valid UTF-8",
        "61ff| not valid UTF-8",
        "1bffffffffffffffff| signed 64-bit range",
        "3b8000000000000000| signed 64-bit range",
        "5bffffffffffffffff| but only 0 byte(s) remain",
        "9a7fffffff00| but only 1 byte(s) remain",
        "bb000000000000000100| shortest form",
        "bb7fffffffffffffff00| but only 1 byte(s) remain",
        "1c| reserved additional information",
      })
  void rejectsWhatTheSpecificationForbids(String hex, String reason) {
    byte[] bytes = hex == null ? new byte[0] : HEX.parseHex(hex.replace(" ", ""));
    assertThatThrownBy(() -> DagCbor.decode(bytes))
        .isInstanceOf(InvalidIpldException.class)
        .hasMessageContaining(reason);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "9f01ff| indefinite-length",
        "c074323031332d30332d32315432303a30343a30305a| tag 0",
        "f7| undefined",
        "fb7ff8000000000000| NaN",
        "f97c00| NaN and infinities",
        "a2616101616102| duplicate map key",
        "a10102| map keys must be strings",
        "0000| after the end",
        "1bffffffffffffffff| signed 64-bit range",
      })
  void lenientDecodingStillRejectsWhatIsNotInTheDataModel(String hex, String reason) {
    assertThatThrownBy(() -> DagCbor.decode(HEX.parseHex(hex), DagCbor.DecodeOptions.lenient()))
        .isInstanceOf(InvalidIpldException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void lenientDecodingAcceptsHistoricalEncodingsAndReencodesThemCanonically() {
    DagCbor.DecodeOptions lenient = DagCbor.DecodeOptions.lenient();

    assertThat(DagCbor.decode(HEX.parseHex("1817"), lenient)).isEqualTo(Ipld.of(23));
    assertThat(DagCbor.decode(HEX.parseHex("f93e00"), lenient)).isEqualTo(Ipld.of(1.5));
    assertThat(DagCbor.decode(HEX.parseHex("f90001"), lenient)).isEqualTo(Ipld.of(0x1p-24));
    assertThat(DagCbor.decode(HEX.parseHex("fa3fc00000"), lenient)).isEqualTo(Ipld.of(1.5));
    Ipld unsorted = DagCbor.decode(HEX.parseHex("a2616201616102"), lenient);
    assertThat(HEX.formatHex(DagCbor.encode(unsorted))).isEqualTo("a2616102616201");
  }

  @Test
  void encodesMapKeysLengthFirst() {
    IpldMap map = IpldMap.builder().put("bb", 1).put("a", 2).put("ccc", 3).put("b", 4).build();

    assertThat(map.entries().keySet()).containsExactly("a", "b", "bb", "ccc");
    assertThat(HEX.formatHex(DagCbor.encode(map)))
        .isEqualTo("a46161026162046262620163636363 03".replace(" ", ""));
  }

  @Test
  void encodesLinksAsTag42WithTheIdentityPrefix() {
    Cid cid = Cid.v1(Multicodec.RAW, MultihashAlgorithm.SHA2_256.digest(new byte[0]));

    byte[] encoded = DagCbor.encode(Ipld.of(cid));

    assertThat(HEX.formatHex(encoded)).startsWith("d82a5825000155");
    assertThat(DagCbor.decode(encoded).links()).containsExactly(cid);
  }

  @Test
  void boundsDepthAndSize() {
    byte[] deep = new byte[300];
    Arrays.fill(deep, 0, 299, (byte) 0x81);
    deep[299] = 0x00;
    assertThatThrownBy(() -> DagCbor.decode(deep)).hasMessageContaining("nesting deeper than 128");
    assertThat(DagCbor.decode(deep, DagCbor.DecodeOptions.strictDefaults().withMaxDepth(400)))
        .isNotNull();
    assertThatThrownBy(
            () ->
                DagCbor.decode(
                    new byte[10], DagCbor.DecodeOptions.strictDefaults().withMaxBytes(9)))
        .hasMessageContaining("exceeds the limit of 9");
  }

  @Test
  void refusesUnpairedSurrogates() {
    assertThatThrownBy(() -> Ipld.of("\uD800")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IpldMap.builder().put("\uDC00", 1).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void typedGettersNameTheFieldAndTheKind() {
    IpldMap record = IpldMap.builder().put("name", "x").put("size", 10).build();

    assertThat(record.string("name")).isEqualTo("x");
    assertThat(record.integer("size")).isEqualTo(10);
    assertThatThrownBy(() -> record.integer("name"))
        .hasMessage("field 'name' must be an integer, found string");
    assertThatThrownBy(() -> record.link("cid")).hasMessage("missing field 'cid'");
    assertThatThrownBy(() -> record.requireOnlyKeys(java.util.Set.of("name")))
        .hasMessageContaining("unknown field(s) [size]");
  }

  @Property
  void everyValueRoundTripsAndEncodingIsCanonical(@ForAll("values") Ipld value) {
    byte[] encoded = DagCbor.encode(value);

    Ipld decoded = DagCbor.decode(encoded);

    assertThat(decoded).isEqualTo(value);
    assertThat(DagCbor.encode(decoded)).isEqualTo(encoded);
  }

  /** In strict mode, anything that decodes at all must be the unique encoding of its value. */
  @Property
  void mutatedBytesFailCleanlyOrAreCanonical(
      @ForAll("values") Ipld value, @ForAll int position, @ForAll byte replacement) {
    byte[] bytes = DagCbor.encode(value);
    bytes[Math.floorMod(position, bytes.length)] = replacement;
    try {
      Ipld decoded = DagCbor.decode(bytes);
      assertThat(DagCbor.encode(decoded)).isEqualTo(bytes);
    } catch (InvalidIpldException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Property
  void everyTruncationIsRejected(@ForAll("values") Ipld value) {
    byte[] bytes = DagCbor.encode(value);
    for (int end = 0; end < bytes.length; end++) {
      byte[] prefix = Arrays.copyOf(bytes, end);
      assertThatThrownBy(() -> DagCbor.decode(prefix)).isInstanceOf(InvalidIpldException.class);
    }
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
                Arbitraries.strings().ofMaxLength(6).filter(DagCborTest::wellFormed), element)
            .ofMaxSize(4)
            .map(IpldMap::new));
  }

  private Arbitrary<Ipld> scalars() {
    return Arbitraries.oneOf(
        Arbitraries.just(Ipld.nullValue()),
        Arbitraries.of(true, false).map(Ipld::of),
        Arbitraries.longs().map(Ipld::of),
        Arbitraries.doubles().filter(Double::isFinite).map(Ipld::of),
        Arbitraries.strings().ofMaxLength(20).filter(DagCborTest::wellFormed).map(Ipld::of),
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

  @Test
  void listsAndMapsAreImmutableCopies() {
    java.util.List<Ipld> items = new java.util.ArrayList<>(List.of(Ipld.of(1)));
    IpldList list = new IpldList(items);
    items.add(Ipld.of(2));
    assertThat(list.size()).isEqualTo(1);
    assertThatThrownBy(() -> list.items().add(Ipld.of(3)))
        .isInstanceOf(UnsupportedOperationException.class);
    IpldMap map = new IpldMap(Map.of("k", Ipld.of(1)));
    assertThatThrownBy(() -> map.entries().put("x", Ipld.of(2)))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
