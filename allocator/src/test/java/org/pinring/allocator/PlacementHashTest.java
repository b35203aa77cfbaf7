package org.pinring.allocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigInteger;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.pinring.multiformats.Cid;

/**
 * The placement hash is a cross-peer contract: a change to any of these values changes where pins
 * live on every peer, so they are pinned as golden vectors (docs/allocator.md, "Hashing").
 */
class PlacementHashTest {

  /** The exponential of the golden draw below, as {@link PlacementHash#ln} computes it. */
  private static final double EXPONENTIAL_OF_DRAW = 0x1.8dd24beb42270p-1;

  private static final Cid CID =
      Cid.parse("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi");

  @Test
  void mix64IsSplitMix64sOutputFunction() {
    // SplittableRandom(seed).nextLong() is mix64(seed + golden gamma), per its documentation.
    for (long seed : new long[] {0, 1, -1, 0x0123456789abcdefL, Long.MIN_VALUE}) {
      assertThat(PlacementHash.mix64(seed + 0x9e3779b97f4a7c15L))
          .isEqualTo(new SplittableRandom(seed).nextLong());
    }
  }

  @Test
  void keysAndDrawsMatchTheGoldenVectors() {
    assertThat(PlacementHash.key(PlacementHash.PIN_DOMAIN, new byte[0]))
        .isEqualTo(0x7ebfdb606cda565eL);
    assertThat(PlacementHash.peerKey("peer-00000")).isEqualTo(0xf43002355c7275a7L);
    assertThat(PlacementHash.peerKey("12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo"))
        .isEqualTo(0xcb7c63fa6627e782L);
    assertThat(PlacementHash.pinKey(CID.toBytes())).isEqualTo(0x4be91c90642b2aefL);
    // Draws computed outside Java (arbitrary-precision integers in Python, scripted in the
    // comment of drawMatchesItsDefinitionInBigIntegers) from the definition in docs/allocator.md.
    long draw = PlacementHash.draw(0xf43002355c7275a7L, 0x4be91c90642b2aefL);
    assertThat(draw).isEqualTo(0x75b481be75fe27fcL);
    assertThat(PlacementHash.draw(0xcb7c63fa6627e782L, 0x4be91c90642b2aefL))
        .isEqualTo(0x20e3921e0488775dL);
    assertThat(PlacementHash.draw(-1L, 0L)).isEqualTo(0x8c6c691c00000000L);
    // -ln((2u + 1) / 2^53) for that draw is 0x1.8dd24beb42270p-1 with a correctly rounded log.
    assertThat(PlacementHash.exponential(PlacementHash.uniform52(draw)))
        .isEqualTo(EXPONENTIAL_OF_DRAW);
    assertThat(PlacementHash.score(1.0, draw)).isEqualTo(1.0 / EXPONENTIAL_OF_DRAW);
  }

  @Property
  void drawMatchesItsDefinitionInBigIntegers(@ForAll long peerKey, @ForAll long pinKey) {
    // The definition with no Java integer overflow involved: z = peer ^ pin, then
    // (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9 mod 2^64 (in Python: ((z ^ (z >> 30)) * M) % 2**64).
    BigInteger mod = BigInteger.ONE.shiftLeft(64);
    BigInteger z = new BigInteger(Long.toUnsignedString(peerKey ^ pinKey));
    BigInteger expected =
        z.xor(z.shiftRight(30)).multiply(new BigInteger("bf58476d1ce4e5b9", 16)).mod(mod);
    assertThat(Long.toUnsignedString(PlacementHash.draw(peerKey, pinKey)))
        .isEqualTo(expected.toString());
  }

  @Property
  void premixedDrawsEqualDraws(@ForAll long peerKey, @ForAll long pinKey) {
    assertThat(
            PlacementHash.drawPremixed(PlacementHash.premix(peerKey), PlacementHash.premix(pinKey)))
        .isEqualTo(PlacementHash.draw(peerKey, pinKey));
  }

  @Test
  void premixedDrawMatchesTheGoldenVector() {
    assertThat(
            PlacementHash.drawPremixed(
                PlacementHash.premix(0xf43002355c7275a7L),
                PlacementHash.premix(0x4be91c90642b2aefL)))
        .isEqualTo(0x75b481be75fe27fcL);
  }

  @Test
  void exponentialIsPositiveAndFiniteAtBothEnds() {
    assertThat(PlacementHash.exponential(0)).isEqualTo(0x1.25e4f7b2737fap5);
    assertThat(PlacementHash.exponential((1L << 52) - 1)).isEqualTo(0x1.ccp-53).isPositive();
  }

  @Test
  void keysSeparateDomainsAndLengths() {
    assertThat(PlacementHash.key(PlacementHash.PIN_DOMAIN, new byte[] {1}))
        .isNotEqualTo(PlacementHash.key(PlacementHash.PEER_DOMAIN, new byte[] {1}));
    assertThat(PlacementHash.key(PlacementHash.PIN_DOMAIN, new byte[] {0}))
        .isNotEqualTo(PlacementHash.key(PlacementHash.PIN_DOMAIN, new byte[] {0, 0}));
  }

  @Property
  void keyReadsLittleEndianWordsAsDefined(@ForAll byte[] bytes, @ForAll long domain) {
    // The definition, one byte at a time (docs/allocator.md, "Hashing").
    long h = PlacementHash.mix64(domain ^ bytes.length);
    for (int i = 0; i < bytes.length; i += Long.BYTES) {
      long word = 0;
      for (int k = 0; k < Long.BYTES && i + k < bytes.length; k++) {
        word |= (bytes[i + k] & 0xFFL) << (8 * k);
      }
      h = PlacementHash.mix64(h ^ word);
    }
    assertThat(PlacementHash.key(domain, bytes)).isEqualTo(h);
    byte[] padded = java.util.Arrays.copyOf(bytes, bytes.length + 9);
    assertThat(PlacementHash.key(domain, padded, bytes.length)).isEqualTo(h);
  }

  @Test
  void pinKeyWithScratchMatchesPinKeyOfTheBytes() {
    assertThat(PlacementHash.pinKey(CID, new byte[128])).isEqualTo(0x4be91c90642b2aefL);
    assertThat(PlacementHash.pinKey(CID, new byte[4])).isEqualTo(0x4be91c90642b2aefL);
  }

  @Property
  void exponentialMatchesStrictMathClosely(
      @ForAll @LongRange(min = 0, max = (1L << 52) - 1) long u) {
    double x = (2.0 * u + 1.0) * 0x1.0p-53;
    double expected = -StrictMath.log(x);
    // Absolute error ~1e-16 from the table and series; relative error grows only near x = 1.
    assertThat(PlacementHash.exponential(u)).isCloseTo(expected, within(1e-15 + 1e-14 * expected));
  }

  @Property
  void drawsAreUniformEnoughToRankBy(@ForAll @LongRange(min = 0, max = 1 << 20) long pin) {
    // Over 4,096 peers the top bit of the draw is set about half the time.
    int high = 0;
    for (int peer = 0; peer < 4096; peer++) {
      if (PlacementHash.draw(PlacementHash.peerKey("p" + peer), PlacementHash.mix64(pin)) < 0) {
        high++;
      }
    }
    assertThat(high).isBetween(2048 - 300, 2048 + 300);
  }
}
