package org.pinring.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.pinring.runtime.SecureRandomSource;

/** Round trips, mutations and truncations of every versioned CBOR form. */
class FrostCborTest {

  /** One encoded sample of each form with its decoder, from a session with the given seed. */
  @SuppressWarnings("ArrayRecordComponent") // test fixture; never compared or hashed
  record Sample(String name, byte[] encoded, Function<byte[], Object> decoder) {}

  static List<Sample> samples(long seed) throws IOException {
    SecureRandomSource random = TestRandom.seeded(seed);
    TrustedDealer.Dealt dealt = TrustedDealer.deal(2, 3, random);
    KeyPackage k1 = dealt.shares().get(Identifier.of(1)).verify();
    KeyPackage k3 = dealt.shares().get(Identifier.of(3)).verify();
    Signer s1 = new Signer(k1, new InMemoryNonceStore(), random);
    Signer s3 = new Signer(k3, new InMemoryNonceStore(), random);
    SigningCommitment c1 = s1.commit();
    SigningPackage pkg =
        new SigningPackage(
            ("message " + seed).getBytes(StandardCharsets.UTF_8), List.of(c1, s3.commit()));
    SortedMap<Identifier, SignatureShare> shares = new TreeMap<>();
    shares.put(Identifier.of(1), s1.sign(pkg));
    shares.put(Identifier.of(3), s3.sign(pkg));
    Signature sig = Frost.aggregate(pkg, shares, dealt.publicKeys());
    DkgParticipant dkg = DkgParticipant.start(Identifier.of(1), 2, 3, random);
    DkgParticipant other = DkgParticipant.start(Identifier.of(2), 2, 3, random);
    DkgParticipant third = DkgParticipant.start(Identifier.of(3), 2, 3, random);
    Map<Identifier, DkgParticipant.Round2Package> out =
        dkg.round2(
            Map.of(
                Identifier.of(2), other.round1Package(), Identifier.of(3), third.round1Package()));
    List<Sample> samples = new ArrayList<>();
    samples.add(new Sample("key package", FrostCbor.encode(k1), FrostCbor::decodeKeyPackage));
    samples.add(
        new Sample(
            "public key package",
            FrostCbor.encode(dealt.publicKeys()),
            FrostCbor::decodePublicKeyPackage));
    samples.add(
        new Sample(
            "secret share",
            FrostCbor.encode(dealt.shares().get(Identifier.of(2))),
            FrostCbor::decodeSecretShare));
    samples.add(new Sample("commitment", FrostCbor.encode(c1), FrostCbor::decodeCommitment));
    samples.add(
        new Sample("signing package", FrostCbor.encode(pkg), FrostCbor::decodeSigningPackage));
    samples.add(
        new Sample(
            "signature share",
            FrostCbor.encode(shares.get(Identifier.of(1))),
            FrostCbor::decodeSignatureShare));
    samples.add(
        new Sample(
            "transcript",
            FrostCbor.encode(
                new SigningTranscript(dealt.publicKeys().groupKey(), pkg, shares, sig)),
            FrostCbor::decodeTranscript));
    samples.add(
        new Sample(
            "dkg round 1", FrostCbor.encode(dkg.round1Package()), FrostCbor::decodeDkgRound1));
    samples.add(
        new Sample(
            "dkg round 2",
            FrostCbor.encode(out.get(Identifier.of(2))),
            FrostCbor::decodeDkgRound2));
    return samples;
  }

  private static byte[] reencode(Object value) {
    if (value instanceof KeyPackage v) {
      return FrostCbor.encode(v);
    }
    if (value instanceof PublicKeyPackage v) {
      return FrostCbor.encode(v);
    }
    if (value instanceof SecretShare v) {
      return FrostCbor.encode(v);
    }
    if (value instanceof SigningCommitment v) {
      return FrostCbor.encode(v);
    }
    if (value instanceof SigningPackage v) {
      return FrostCbor.encode(v);
    }
    if (value instanceof SignatureShare v) {
      return FrostCbor.encode(v);
    }
    if (value instanceof SigningTranscript v) {
      return FrostCbor.encode(v);
    }
    if (value instanceof DkgParticipant.Round1Package v) {
      return FrostCbor.encode(v);
    }
    return FrostCbor.encode((DkgParticipant.Round2Package) value);
  }

  @Property(tries = 25)
  void everyFormRoundTrips(@ForAll @IntRange(min = 0, max = 1_000_000) int seed)
      throws IOException {
    for (Sample s : samples(seed)) {
      assertThat(reencode(s.decoder().apply(s.encoded()))).as(s.name()).isEqualTo(s.encoded());
    }
  }

  @Property(tries = 300)
  void mutatedBytesFailOnlyWithTheDeclaredException(
      @ForAll @IntRange(min = 0, max = 8) int which,
      @ForAll @IntRange(min = 0, max = 100_000) int position,
      @ForAll @IntRange(min = 1, max = 255) int xor)
      throws IOException {
    Sample s = samples(7).get(which);
    byte[] mutated = s.encoded().clone();
    mutated[position % mutated.length] ^= (byte) xor;
    Throwable thrown = catchThrowable(() -> s.decoder().apply(mutated));
    if (thrown != null) {
      assertThat(thrown).as(s.name()).isInstanceOf(FrostException.class);
    }
  }

  @Test
  void everyTruncationFailsWithTheDeclaredException() throws IOException {
    for (Sample s : samples(11)) {
      for (int cut = 0; cut < s.encoded().length; cut++) {
        byte[] prefix = java.util.Arrays.copyOf(s.encoded(), cut);
        assertThatThrownBy(() -> s.decoder().apply(prefix))
            .as("%s cut at %d", s.name(), cut)
            .isInstanceOf(MalformedInputException.class);
      }
    }
  }

  @Test
  void rejectsOtherTypesVersionsAndUnknownFields() throws IOException {
    List<Sample> samples = samples(13);
    byte[] commitment = samples.get(3).encoded();
    assertThatThrownBy(() -> FrostCbor.decodeKeyPackage(commitment))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("expected a frost-key-package");
    byte[] share = samples.get(5).encoded();
    byte[] v2 = share.clone();
    int vAt = indexOf(v2, new byte[] {0x61, 'v', 0x01});
    v2[vAt + 2] = 0x02;
    assertThatThrownBy(() -> FrostCbor.decodeSignatureShare(v2))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("version 2");
  }

  private static int indexOf(byte[] data, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= data.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
