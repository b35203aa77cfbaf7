package org.pinring.threshold;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.pinring.runtime.SecureRandomSource;
import org.pinring.threshold.internal.Scalar;

/**
 * Runs a complete trusted-dealer key generation and signing session in-process with fresh
 * randomness and records every value as a {@link Transcript}: the engine behind {@code pinring
 * threshold transcript}. The key is thrown away; the transcript exposes it on purpose.
 */
public final class TranscriptGenerator {

  private static final HexFormat HEX = HexFormat.of();

  private TranscriptGenerator() {}

  /**
   * @param signers the signing participants (identifiers in 1..maxSigners, at least minSigners)
   * @throws ProtocolViolationException if the parameters or the signer list are unacceptable
   */
  public static Transcript generate(
      int minSigners,
      int maxSigners,
      byte[] message,
      List<Integer> signers,
      SecureRandomSource random) {
    Limits.checkThreshold(minSigners, maxSigners);
    TreeSet<Integer> chosen = new TreeSet<>(signers);
    if (chosen.size() != signers.size()) {
      throw new ProtocolViolationException("a signer is listed twice: " + signers);
    }
    if (chosen.size() < minSigners) {
      throw new ProtocolViolationException(
          chosen.size() + " signers chosen, the threshold is " + minSigners);
    }
    if (chosen.first() < 1 || chosen.last() > maxSigners) {
      throw new ProtocolViolationException("signers must be between 1 and " + maxSigners);
    }
    List<Scalar> coefficients = new ArrayList<>();
    for (int i = 0; i < minSigners; i++) {
      coefficients.add(RandomScalars.next(random));
    }
    TrustedDealer.Dealt dealt =
        TrustedDealer.split(coefficients, TrustedDealer.identifiers(maxSigners));
    List<Transcript.Share> shares = new ArrayList<>();
    Map<Identifier, KeyPackage> keys = new TreeMap<>();
    for (SecretShare s : dealt.shares().values()) {
      shares.add(new Transcript.Share(s.identifier().toLong(), HEX.formatHex(s.shareBytes())));
      keys.put(s.identifier(), s.verify());
    }
    Map<Identifier, SigningNonces> nonces = new TreeMap<>();
    Map<Identifier, byte[][]> randomness = new TreeMap<>();
    List<SigningCommitment> commitments = new ArrayList<>();
    for (int i : chosen) {
      Identifier id = Identifier.of(i);
      byte[] hiding = new byte[32];
      byte[] binding = new byte[32];
      random.nextBytes(hiding);
      random.nextBytes(binding);
      SigningNonces n = Frost.commit(keys.get(id), hiding, binding);
      nonces.put(id, n);
      randomness.put(id, new byte[][] {hiding, binding});
      commitments.add(n.commitment());
    }
    SigningPackage signingPackage = new SigningPackage(message, commitments);
    SigningContext context = new SigningContext(dealt.publicKeys().groupKey(), signingPackage);
    List<Transcript.RoundOne> roundOne = new ArrayList<>();
    List<Transcript.RoundTwo> roundTwo = new ArrayList<>();
    Map<Identifier, SignatureShare> sigShares = new TreeMap<>();
    for (Map.Entry<Identifier, SigningNonces> e : nonces.entrySet()) {
      Identifier id = e.getKey();
      SigningNonces n = e.getValue();
      roundOne.add(
          new Transcript.RoundOne(
              id.toLong(),
              HEX.formatHex(randomness.get(id)[0]),
              HEX.formatHex(randomness.get(id)[1]),
              HEX.formatHex(n.hidingNonceBytes()),
              HEX.formatHex(n.bindingNonceBytes()),
              n.commitment().hiding().toString(),
              n.commitment().binding().toString(),
              HEX.formatHex(context.bindingFactorInput(id)),
              HEX.formatHex(context.bindingFactor(id).toBytes())));
      SignatureShare share = Frost.signShare(context, n, keys.get(id));
      sigShares.put(id, share);
      roundTwo.add(new Transcript.RoundTwo(id.toLong(), HEX.formatHex(share.shareBytes())));
    }
    Signature signature = Frost.aggregate(signingPackage, sigShares, dealt.publicKeys());
    List<String> polynomial = new ArrayList<>();
    for (Scalar a : coefficients.subList(1, coefficients.size())) {
      polynomial.add(HEX.formatHex(a.toBytes()));
    }
    return new Transcript(
        Transcript.Config.of(maxSigners, chosen.size(), minSigners),
        new ArrayList<>(List.copyOf(chosen).stream().map(Integer::longValue).toList()),
        HEX.formatHex(coefficients.get(0).toBytes()),
        dealt.publicKeys().groupKey().toString(),
        HEX.formatHex(message),
        polynomial,
        shares,
        roundOne,
        roundTwo,
        signature.toString());
  }
}
