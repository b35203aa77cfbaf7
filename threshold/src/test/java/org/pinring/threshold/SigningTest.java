package org.pinring.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.pinring.runtime.SecureRandomSource;
import org.pinring.threshold.internal.EdwardsPoint;
import org.pinring.threshold.internal.Hashes;
import org.pinring.threshold.internal.Scalar;

class SigningTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] MESSAGE = "pin bafy...".getBytes(StandardCharsets.UTF_8);

  private final SecureRandomSource random = TestRandom.seeded(42);
  private final TrustedDealer.Dealt dealt = TrustedDealer.deal(3, 5, random);

  private Signer signer(int id, NonceStore store) {
    return new Signer(dealt.shares().get(Identifier.of(id)).verify(), store, random);
  }

  @Test
  void aGeneratedTranscriptChecksAndSurvivesJson() throws Exception {
    Transcript t = TranscriptGenerator.generate(3, 5, MESSAGE, List.of(1, 3, 5), random);
    Transcript back = TranscriptJson.read(TranscriptJson.write(t));

    assertThat(back).isEqualTo(t);
    assertThat(TranscriptChecker.check(back)).isEmpty();
    assertThat(SigningVectorsTest.jdkVerify(t.groupPublicKey(), t.message(), t.signature()))
        .isTrue();
  }

  @Test
  void aBadShareIsNamedAfterTheAggregateFailsToVerify() throws IOException {
    List<Signer> signers =
        List.of(
            signer(1, new InMemoryNonceStore()),
            signer(2, new InMemoryNonceStore()),
            signer(4, new InMemoryNonceStore()));
    List<SigningCommitment> commitments = new ArrayList<>();
    for (Signer s : signers) {
      commitments.add(s.commit());
    }
    SigningPackage pkg = new SigningPackage(MESSAGE, commitments);
    Map<Identifier, SignatureShare> shares = new TreeMap<>();
    for (Signer s : signers) {
      shares.put(s.key().identifier(), s.sign(pkg));
    }
    SignatureShare good = shares.get(Identifier.of(2));
    assertThat(Frost.verifyShare(pkg, good, dealt.publicKeys())).isTrue();
    shares.put(
        Identifier.of(2), new SignatureShare(Identifier.of(2), good.share().add(Scalar.ONE)));

    assertThatThrownBy(() -> Frost.aggregate(pkg, shares, dealt.publicKeys()))
        .isInstanceOf(CheaterDetectedException.class)
        .satisfies(
            e ->
                assertThat(((CheaterDetectedException) e).culprits())
                    .containsExactly(Identifier.of(2)));
  }

  @Test
  void aNonceIsUsedAtMostOnce() throws IOException {
    InMemoryNonceStore store = new InMemoryNonceStore();
    Signer one = signer(1, store);
    Signer two = signer(2, new InMemoryNonceStore());
    Signer three = signer(3, new InMemoryNonceStore());
    SigningPackage pkg =
        new SigningPackage(MESSAGE, List.of(one.commit(), two.commit(), three.commit()));
    assertThat(store.pending()).isEqualTo(1);
    one.sign(pkg);
    assertThat(store.pending()).isZero();

    assertThatThrownBy(() -> one.sign(pkg))
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("already used");
    SigningPackage otherMessage =
        new SigningPackage("other".getBytes(StandardCharsets.UTF_8), pkg.commitments());
    assertThatThrownBy(() -> one.sign(otherMessage)).isInstanceOf(ProtocolViolationException.class);
  }

  @Test
  void aSignerChecksTheCommitmentList() throws IOException {
    InMemoryNonceStore store = new InMemoryNonceStore();
    Signer one = signer(1, store);
    SigningCommitment own = one.commit();
    SigningCommitment c2 = signer(2, new InMemoryNonceStore()).commit();
    SigningCommitment c3 = signer(3, new InMemoryNonceStore()).commit();
    SigningCommitment c4 = signer(4, new InMemoryNonceStore()).commit();

    // Missing this signer.
    assertThatThrownBy(() -> one.sign(new SigningPackage(MESSAGE, List.of(c2, c3, c4))))
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("does not include signer 1");
    // Fewer than t signers.
    assertThatThrownBy(() -> one.sign(new SigningPackage(MESSAGE, List.of(own, c2))))
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("threshold");
    // Someone else's nonce commitment under this signer's identifier.
    SigningCommitment forged = new SigningCommitment(Identifier.of(1), c2.hiding(), c2.binding());
    assertThatThrownBy(() -> one.sign(new SigningPackage(MESSAGE, List.of(forged, c3, c4))))
        .isInstanceOf(ProtocolViolationException.class);
    // Unsorted and duplicated lists never become packages.
    assertThatThrownBy(() -> new SigningPackage(MESSAGE, List.of(c3, own, c4)))
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("not sorted");
    assertThatThrownBy(() -> new SigningPackage(MESSAGE, List.of(own, c3, c3)))
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("twice");
    // None of the refusals consumed the nonce.
    assertThat(store.pending()).isEqualTo(1);
    assertThat(one.sign(new SigningPackage(MESSAGE, List.of(own, c3, c4)))).isNotNull();
  }

  @Test
  void inputChecksRejectBadScalarsElementsAndIdentifiers() {
    assertThatThrownBy(() -> Identifier.of(0)).isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(() -> Identifier.fromBytes(new byte[32]))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("zero");
    byte[] order = HEX.parseHex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
    assertThatThrownBy(() -> SignatureShare.fromBytes(Identifier.of(1), order))
        .isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(() -> Identifier.fromBytes(order))
        .isInstanceOf(MalformedInputException.class);
    // The identity, a small-order point, a mixed-order point, a non-canonical encoding.
    assertThatThrownBy(() -> GroupElement.fromBytes(EdwardsPoint.IDENTITY.encode()))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("identity");
    byte[] smallOrder =
        HEX.parseHex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a");
    assertThatThrownBy(() -> GroupElement.fromBytes(smallOrder))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("prime-order subgroup");
    byte[] mixed = EdwardsPoint.BASE.add(EdwardsPoint.decode(smallOrder)).encode();
    assertThatThrownBy(() -> GroupElement.fromBytes(mixed))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("prime-order subgroup");
    byte[] nonCanonical =
        HEX.parseHex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
    assertThatThrownBy(() -> GroupElement.fromBytes(nonCanonical))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("canonical");
    byte[] badSignature = new byte[64];
    System.arraycopy(order, 0, badSignature, 32, 32);
    assertThatThrownBy(() -> Signature.fromBytes(badSignature))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("S >= L");
  }

  @Test
  void aggregationRejectsMissingExtraAndForeignShares() throws IOException {
    Signer one = signer(1, new InMemoryNonceStore());
    Signer two = signer(2, new InMemoryNonceStore());
    Signer three = signer(3, new InMemoryNonceStore());
    SigningPackage pkg =
        new SigningPackage(MESSAGE, List.of(one.commit(), two.commit(), three.commit()));
    Map<Identifier, SignatureShare> shares = new TreeMap<>();
    shares.put(Identifier.of(1), one.sign(pkg));
    shares.put(Identifier.of(2), two.sign(pkg));
    assertThatThrownBy(() -> Frost.aggregate(pkg, shares, dealt.publicKeys()))
        .isInstanceOf(ProtocolViolationException.class);
    shares.put(Identifier.of(3), three.sign(pkg));
    assertThat(Frost.aggregate(pkg, shares, dealt.publicKeys())).isNotNull();
    shares.put(Identifier.of(4), shares.get(Identifier.of(3)));
    assertThatThrownBy(() -> Frost.aggregate(pkg, shares, dealt.publicKeys()))
        .isInstanceOf(ProtocolViolationException.class);
  }

  /**
   * A signature whose R carries a small-order component: valid under RFC 9591's cofactored
   * equation, invalid under the cofactorless one (the JDK's). Honest FROST signers never produce
   * one; the two verifiers disagree only on such crafted signatures.
   */
  @Test
  void cofactoredAndCofactorlessVerificationDifferOnSmallOrderComponents() throws Exception {
    Scalar secret = Scalar.reduce512(new byte[64]).add(Scalar.fromLong(123456789));
    GroupElement pk = GroupElement.of(EdwardsPoint.mulBase(secret));
    Scalar r = Scalar.fromLong(987654321);
    EdwardsPoint torsion =
        EdwardsPoint.decode(
            HEX.parseHex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"));
    byte[] rBytes = EdwardsPoint.mulBase(r).add(torsion).encode();
    Scalar c = Hashes.h2(rBytes, pk.toBytes(), MESSAGE);
    byte[] sig = new byte[64];
    System.arraycopy(rBytes, 0, sig, 0, 32);
    System.arraycopy(r.add(c.multiply(secret)).toBytes(), 0, sig, 32, 32);
    Signature signature = Signature.fromBytes(sig);

    assertThat(Frost.verify(pk, MESSAGE, signature)).isTrue();
    assertThat(cofactorless(pk, MESSAGE, signature)).isFalse();
    assertThat(
            SigningVectorsTest.jdkVerify(
                pk.toString(), HEX.formatHex(MESSAGE), signature.toString()))
        .isFalse();

    // Without the torsion component both agree.
    byte[] clean = EdwardsPoint.mulBase(r).encode();
    Scalar c2 = Hashes.h2(clean, pk.toBytes(), MESSAGE);
    byte[] sig2 = new byte[64];
    System.arraycopy(clean, 0, sig2, 0, 32);
    System.arraycopy(r.add(c2.multiply(secret)).toBytes(), 0, sig2, 32, 32);
    Signature honest = Signature.fromBytes(sig2);
    assertThat(Frost.verify(pk, MESSAGE, honest)).isTrue();
    assertThat(cofactorless(pk, MESSAGE, honest)).isTrue();
    assertThat(
            SigningVectorsTest.jdkVerify(pk.toString(), HEX.formatHex(MESSAGE), honest.toString()))
        .isTrue();
    // A wrong message fails everywhere.
    assertThat(Frost.verify(pk, "x".getBytes(StandardCharsets.UTF_8), honest)).isFalse();
  }

  /** RFC 8032's cofactorless check [z]B == R + [c]A, as many single-signer libraries do. */
  static boolean cofactorless(GroupElement pk, byte[] message, Signature signature) {
    byte[] bytes = signature.toBytes();
    byte[] rBytes = java.util.Arrays.copyOf(bytes, 32);
    EdwardsPoint r = EdwardsPoint.decode(rBytes);
    Scalar c = Hashes.h2(rBytes, pk.toBytes(), message);
    Scalar z = Scalar.decodeCanonical(java.util.Arrays.copyOfRange(bytes, 32, 64));
    return EdwardsPoint.mulBase(z).equals(r.add(pk.point().mulVartime(c)));
  }
}
