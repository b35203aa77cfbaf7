package org.pinring.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The multibase specification's test vectors (multiformats/multibase, {@code tests/*.csv}) for
 * every base PinRing supports, plus strictness rules.
 */
class MultibaseTest {

  private static final byte[] BASIC = "yes mani !".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] LEADING_ZERO = withZeros(1);
  private static final byte[] TWO_LEADING_ZEROS = withZeros(2);

  private static byte[] withZeros(int zeros) {
    byte[] out = new byte[zeros + BASIC.length];
    System.arraycopy(BASIC, 0, out, zeros, BASIC.length);
    return out;
  }

  @ParameterizedTest
  @CsvSource({
    "base2, 001111001011001010111001100100000011011010110000101101110011010010010000000100001",
    "base8, 7362625631006654133464440102",
    "base10, 9573277761329450583662625",
    "base16, f796573206d616e692021",
    "base16upper, F796573206D616E692021",
    "base32, bpfsxgidnmfxgsibb",
    "base32upper, BPFSXGIDNMFXGSIBB",
    "base32hex, vf5in683dc5n6i811",
    "base32hexupper, VF5IN683DC5N6I811",
    "base32pad, cpfsxgidnmfxgsibb",
    "base32padupper, CPFSXGIDNMFXGSIBB",
    "base32hexpad, tf5in683dc5n6i811",
    "base32hexpadupper, TF5IN683DC5N6I811",
    "base32z, hxf1zgedpcfzg1ebb",
    "base36, k2lcpzo5yikidynfl",
    "base36upper, K2LCPZO5YIKIDYNFL",
    "base58flickr, Z7Pznk19XTTzBtx",
    "base58btc, z7paNL19xttacUY",
    "base64, meWVzIG1hbmkgIQ",
    "base64pad, MeWVzIG1hbmkgIQ==",
    "base64url, ueWVzIG1hbmkgIQ",
    "base64urlpad, UeWVzIG1hbmkgIQ==",
  })
  void basicVectors(String base, String text) {
    assertVector(base, BASIC, text);
  }

  @ParameterizedTest
  @CsvSource({
    "base2, 00000000001111001011001010111001100100000011011010110000101101110011010010010000000100001",
    "base8, 7000745453462015530267151100204",
    "base10, 90573277761329450583662625",
    "base16, f00796573206d616e692021",
    "base16upper, F00796573206D616E692021",
    "base32, bab4wk4zanvqw42jaee",
    "base32upper, BAB4WK4ZANVQW42JAEE",
    "base32hex, v01smasp0dlgmsq9044",
    "base32hexupper, V01SMASP0DLGMSQ9044",
    "base32pad, cab4wk4zanvqw42jaee======",
    "base32padupper, CAB4WK4ZANVQW42JAEE======",
    "base32hexpad, t01smasp0dlgmsq9044======",
    "base32hexpadupper, T01SMASP0DLGMSQ9044======",
    "base32z, hybhskh3ypiosh4jyrr",
    "base36, k02lcpzo5yikidynfl",
    "base36upper, K02LCPZO5YIKIDYNFL",
    "base58flickr, Z17Pznk19XTTzBtx",
    "base58btc, z17paNL19xttacUY",
    "base64, mAHllcyBtYW5pICE",
    "base64pad, MAHllcyBtYW5pICE=",
    "base64url, uAHllcyBtYW5pICE",
    "base64urlpad, UAHllcyBtYW5pICE=",
  })
  void leadingZeroVectors(String base, String text) {
    assertVector(base, LEADING_ZERO, text);
  }

  @ParameterizedTest
  @CsvSource({
    "base2, 0000000000000000001111001011001010111001100100000011011010110000101101110011010010010000000100001",
    "base8, 700000171312714403326055632220041",
    "base10, 900573277761329450583662625",
    "base16, f0000796573206d616e692021",
    "base16upper, F0000796573206D616E692021",
    "base32, baaahszltebwwc3tjeaqq",
    "base32upper, BAAAHSZLTEBWWC3TJEAQQ",
    "base32hex, v0007ipbj41mm2rj940gg",
    "base32hexupper, V0007IPBJ41MM2RJ940GG",
    "base32pad, caaahszltebwwc3tjeaqq====",
    "base32padupper, CAAAHSZLTEBWWC3TJEAQQ====",
    "base32hexpad, t0007ipbj41mm2rj940gg====",
    "base32hexpadupper, T0007IPBJ41MM2RJ940GG====",
    "base32z, hyyy813murbssn5ujryoo",
    "base36, k002lcpzo5yikidynfl",
    "base36upper, K002LCPZO5YIKIDYNFL",
    "base58flickr, Z117Pznk19XTTzBtx",
    "base58btc, z117paNL19xttacUY",
    "base64, mAAB5ZXMgbWFuaSAh",
    "base64pad, MAAB5ZXMgbWFuaSAh",
    "base64url, uAAB5ZXMgbWFuaSAh",
    "base64urlpad, UAAB5ZXMgbWFuaSAh",
  })
  void twoLeadingZerosVectors(String base, String text) {
    assertVector(base, TWO_LEADING_ZEROS, text);
  }

  /** The specification's case-insensitivity vectors: "hello world" written in mixed case. */
  @ParameterizedTest
  @CsvSource({
    "f68656c6c6f20776F726C64",
    "F68656c6c6f20776F726C64",
    "bnbswy3dpeB3W64TMMQ",
    "Bnbswy3dpeB3W64TMMQ",
    "vd1imor3f41RMUSJCCG",
    "Vd1imor3f41RMUSJCCG",
    "cnbswy3dpeB3W64TMMQ======",
    "Cnbswy3dpeB3W64TMMQ======",
    "td1imor3f41RMUSJCCG======",
    "Td1imor3f41RMUSJCCG======",
    "kfUvrsIvVnfRbjWaJo",
    "KfUVrSIVVnFRbJWAJo",
  })
  void caseInsensitiveBasesDecodeMixedCase(String text) {
    assertThat(new String(Multibase.decode(text), StandardCharsets.US_ASCII))
        .isEqualTo("hello world");
  }

  @Test
  void identityCarriesUtf8Text() {
    assertThat(Multibase.IDENTITY.encode(BASIC)).isEqualTo("\u0000yes mani !");
    assertThat(Multibase.decode("\u0000yes mani !")).isEqualTo(BASIC);
    assertThatThrownBy(() -> Multibase.IDENTITY.encode(new byte[] {(byte) 0xFF}))
        .isInstanceOf(InvalidMultibaseException.class)
        .hasMessageContaining("UTF-8");
  }

  @Test
  void rejectsNonCanonicalTrailingBits() {
    // "mAB" would carry the bits 000000 000001 -> one byte 0x00 plus four stray bits 0001.
    assertThatThrownBy(() -> Multibase.decode("mAB"))
        .isInstanceOf(InvalidMultibaseException.class)
        .hasMessageContaining("not canonical");
    assertThat(Multibase.decode("mAA")).containsExactly(0);
  }

  @Test
  void rejectsImpossibleLengthsAndWrongPadding() {
    assertThatThrownBy(() -> Multibase.decode("mA")).hasMessageContaining("impossible length");
    assertThatThrownBy(() -> Multibase.decode("MeWVzIG1hbmkgIQ"))
        .isInstanceOf(InvalidMultibaseException.class)
        .hasMessageContaining("padding");
    assertThatThrownBy(() -> Multibase.decode("meWVzIG1hbmkgIQ=="))
        .isInstanceOf(InvalidMultibaseException.class)
        .hasMessageContaining("'='");
  }

  @Test
  void explainsBadCharactersAndPrefixes() {
    assertThatThrownBy(() -> Multibase.decode("z0OIl"))
        .isInstanceOf(InvalidMultibaseException.class)
        .hasMessageContaining("'0' at position 1")
        .hasMessageContaining("base58btc");
    assertThatThrownBy(() -> Multibase.decode("QmFoo"))
        .isInstanceOf(InvalidMultibaseException.class)
        .hasMessageContaining("bare base58btc");
    assertThatThrownBy(() -> Multibase.decode("\uD83D\uDE80\uD83C\uDFC3"))
        .hasMessageContaining("base256emoji")
        .hasMessageContaining("not supported");
    assertThatThrownBy(() -> Multibase.decode("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> Multibase.decode("x123"))
        .hasMessageContaining("unknown multibase prefix 'x'");
    assertThatThrownBy(() -> Multibase.forName("base99"))
        .hasMessageContaining("supported: identity, base2");
  }

  @Test
  void boundsQuadraticBases() {
    String huge = "z" + "2".repeat(20_000);
    assertThatThrownBy(() -> Multibase.decode(huge))
        .isInstanceOf(InvalidMultibaseException.class)
        .hasMessageContaining("at most");
  }

  @Test
  void looksUpBasesByNameAndPrefix() {
    assertThat(Multibase.forName("BASE58BTC")).isEqualTo(Multibase.BASE58_BTC);
    assertThat(Multibase.forPrefix('b')).contains(Multibase.BASE32);
    assertThat(Multibase.detect("bafy")).isEqualTo(Multibase.BASE32);
  }

  @Property
  void everyBaseRoundTrips(@ForAll("bases") Multibase base, @ForAll @Size(max = 300) byte[] data) {
    if (base == Multibase.IDENTITY) {
      return;
    }
    String text = base.encode(data);
    assertThat(Multibase.decode(text)).isEqualTo(data);
    assertThat(base.decodeWithoutPrefix(base.encodeWithoutPrefix(data))).isEqualTo(data);
  }

  @Property
  void mutatedTextFailsOnlyWithTheDeclaredException(
      @ForAll("bases") Multibase base,
      @ForAll @Size(max = 64) byte[] data,
      @ForAll int position,
      @ForAll char replacement) {
    if (base == Multibase.IDENTITY) {
      return;
    }
    StringBuilder text = new StringBuilder(base.encode(data));
    text.setCharAt(Math.floorMod(position, text.length()), replacement);
    try {
      Multibase.decode(text.toString());
    } catch (InvalidMultibaseException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Property
  void everyTruncationFailsCleanlyOrDecodes(
      @ForAll("bases") Multibase base, @ForAll @Size(max = 40) byte[] data) {
    if (base == Multibase.IDENTITY) {
      return;
    }
    String text = base.encode(data);
    for (int end = 0; end < text.length(); end++) {
      try {
        Multibase.decode(text.substring(0, end));
      } catch (InvalidMultibaseException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }

  @Provide
  Arbitrary<Multibase> bases() {
    return Arbitraries.of(Multibase.class);
  }

  private static void assertVector(String baseName, byte[] data, String text) {
    Multibase base = Multibase.forName(baseName);
    assertThat(base.encode(data)).isEqualTo(text);
    assertThat(Multibase.decode(text)).isEqualTo(data);
    assertThat(Multibase.detect(text)).isEqualTo(base);
  }
}
