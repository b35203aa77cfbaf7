package org.pinring.threshold;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pinring.threshold.internal.EdwardsPoint;
import org.pinring.threshold.internal.Scalar;

/**
 * Re-derives every value of a {@link Transcript} from its inputs (group secret, polynomial
 * coefficients, nonce randomness, message, signer list) and reports each value that differs. This
 * is how the RFC 9591 and Zcash Foundation vectors are checked, and how a transcript written by
 * {@code pinring threshold transcript} can be audited.
 */
public final class TranscriptChecker {

  private static final HexFormat HEX = HexFormat.of();

  private final List<String> mismatches = new ArrayList<>();

  private TranscriptChecker() {}

  /**
   * Checks a transcript.
   *
   * @return a description of every value that does not match its re-derivation; empty when the
   *     transcript is entirely consistent and its signature verifies
   * @throws MalformedInputException if a value is not valid hex, scalar or element at all
   */
  public static List<String> check(Transcript transcript) {
    TranscriptChecker checker = new TranscriptChecker();
    try {
      checker.run(transcript);
    } catch (IllegalArgumentException e) {
      throw new MalformedInputException("transcript value is malformed: " + e.getMessage(), e);
    }
    return List.copyOf(checker.mismatches);
  }

  private void expect(String what, String expected, byte[] actual) {
    String actualHex = HEX.formatHex(actual);
    if (!actualHex.equals(expected)) {
      mismatches.add(what + ": transcript has " + expected + ", re-derived " + actualHex);
    }
  }

  private static Scalar scalar(String hex) {
    return Scalar.decodeCanonical(HEX.parseHex(hex));
  }

  private void run(Transcript t) {
    Transcript.Config config = t.config();
    if (!Transcript.Config.NAME.equals(config.name())) {
      mismatches.add("ciphersuite is " + config.name() + ", not " + Transcript.Config.NAME);
      return;
    }
    // Key generation: f(x) = s + a_1 x + ... ; shares f(i) for i = 1..n.
    List<Scalar> coefficients = new ArrayList<>();
    coefficients.add(scalar(t.groupSecretKey()));
    for (String a : t.sharePolynomialCoefficients()) {
      coefficients.add(scalar(a));
    }
    if (coefficients.size() != config.minParticipants()) {
      mismatches.add(
          "polynomial has "
              + coefficients.size()
              + " coefficients, t is "
              + config.minParticipants());
    }
    TrustedDealer.Dealt dealt =
        TrustedDealer.split(coefficients, TrustedDealer.identifiers(config.maxParticipants()));
    expect("group_public_key", t.groupPublicKey(), dealt.publicKeys().groupKey().toBytes());
    Map<Identifier, KeyPackage> keys = new TreeMap<>();
    for (Transcript.Share share : t.participantShares()) {
      Identifier id = Identifier.of(share.identifier());
      SecretShare dealtShare = dealt.shares().get(id);
      if (dealtShare == null) {
        mismatches.add("participant " + id + " is outside 1.." + config.maxParticipants());
        continue;
      }
      expect("share of " + id, share.participantShare(), dealtShare.shareBytes());
      keys.put(id, dealtShare.verify());
    }
    if (t.participantShares().size() != config.maxParticipants()) {
      mismatches.add(
          t.participantShares().size() + " shares listed, n is " + config.maxParticipants());
    }

    // Round one: nonces from the given randomness.
    byte[] message = HEX.parseHex(t.message());
    Map<Identifier, SigningNonces> nonces = new HashMap<>();
    List<SigningCommitment> commitments = new ArrayList<>();
    for (Transcript.RoundOne r : t.roundOne()) {
      Identifier id = Identifier.of(r.identifier());
      KeyPackage key = keys.get(id);
      if (key == null) {
        mismatches.add("round one output for " + id + ", who has no share");
        return;
      }
      SigningNonces n =
          Frost.commit(
              key,
              HEX.parseHex(r.hidingNonceRandomness()),
              HEX.parseHex(r.bindingNonceRandomness()));
      expect("hiding_nonce of " + id, r.hidingNonce(), n.hidingNonceBytes());
      expect("binding_nonce of " + id, r.bindingNonce(), n.bindingNonceBytes());
      expect(
          "hiding_nonce_commitment of " + id,
          r.hidingNonceCommitment(),
          n.commitment().hiding().toBytes());
      expect(
          "binding_nonce_commitment of " + id,
          r.bindingNonceCommitment(),
          n.commitment().binding().toBytes());
      nonces.put(id, n);
      commitments.add(n.commitment());
    }
    List<Long> listed = new ArrayList<>();
    for (SigningCommitment c : commitments) {
      listed.add(c.identifier().toLong());
    }
    if (!listed.equals(t.participantList())) {
      mismatches.add(
          "participant_list " + t.participantList() + " differs from round one order " + listed);
    }
    SigningPackage signingPackage = new SigningPackage(message, commitments);
    SigningContext context = new SigningContext(dealt.publicKeys().groupKey(), signingPackage);
    for (Transcript.RoundOne r : t.roundOne()) {
      Identifier id = Identifier.of(r.identifier());
      expect(
          "binding_factor_input of " + id, r.bindingFactorInput(), context.bindingFactorInput(id));
      expect("binding_factor of " + id, r.bindingFactor(), context.bindingFactor(id).toBytes());
    }

    // Round two and aggregation.
    Map<Identifier, SignatureShare> shares = new TreeMap<>();
    for (Transcript.RoundTwo r : t.roundTwo()) {
      Identifier id = Identifier.of(r.identifier());
      SigningNonces n = nonces.get(id);
      if (n == null) {
        mismatches.add("round two output for " + id + ", who did not commit");
        return;
      }
      SignatureShare share = Frost.sign(signingPackage, n, keys.get(id));
      expect("sig_share of " + id, r.sigShare(), share.shareBytes());
      shares.put(id, share);
    }
    Signature signature = Frost.aggregate(signingPackage, shares, dealt.publicKeys());
    expect("sig", t.signature(), signature.toBytes());
    if (!Frost.verify(
        dealt.publicKeys().groupKey(), message, Signature.fromBytes(HEX.parseHex(t.signature())))) {
      mismatches.add("the transcript's signature does not verify under its group key");
    }
    // The verifying shares derived from the commitment must equal [share]B.
    for (Map.Entry<Identifier, KeyPackage> e : keys.entrySet()) {
      EdwardsPoint derived = dealt.shares().get(e.getKey()).commitment().publicShare(e.getKey());
      if (!derived.equals(e.getValue().verifyingShare().point())) {
        mismatches.add("verifying share of " + e.getKey() + " does not match the commitment");
      }
    }
  }
}
