package org.pinring.threshold;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.pinring.runtime.SecureRandomSource;
import org.pinring.threshold.internal.EdwardsPoint;
import org.pinring.threshold.internal.Scalar;

/**
 * Trusted-dealer key generation (RFC 9591 appendix C): a random group secret split into n Shamir
 * shares of a degree t-1 polynomial, with a Feldman VSS commitment to the polynomial so that every
 * participant can check its share. The dealer sees the group secret; {@link DkgParticipant} avoids
 * that.
 */
public final class TrustedDealer {

  private TrustedDealer() {}

  /**
   * The dealer's output: one {@link SecretShare} per participant (to be sent over a confidential,
   * authenticated channel) and the public key package (to be broadcast).
   */
  public record Dealt(SortedMap<Identifier, SecretShare> shares, PublicKeyPackage publicKeys) {}

  /** Deals shares for identifiers 1..maxSigners with fresh randomness. */
  public static Dealt deal(int minSigners, int maxSigners, SecureRandomSource random) {
    Limits.checkThreshold(minSigners, maxSigners);
    List<Scalar> coefficients = new ArrayList<>();
    for (int i = 0; i < minSigners; i++) {
      coefficients.add(RandomScalars.next(random));
    }
    return split(coefficients, identifiers(maxSigners));
  }

  static List<Identifier> identifiers(int maxSigners) {
    List<Identifier> ids = new ArrayList<>(maxSigners);
    for (int i = 1; i <= maxSigners; i++) {
      ids.add(Identifier.of(i));
    }
    return ids;
  }

  /**
   * secret_share_shard and vss_commit for given coefficients (a_0 = the group secret first): the
   * deterministic core, used directly by the test vectors.
   */
  static Dealt split(List<Scalar> coefficients, List<Identifier> ids) {
    int minSigners = coefficients.size();
    Limits.checkThreshold(minSigners, ids.size());
    List<EdwardsPoint> commitment = Polynomials.commit(coefficients);
    VssCommitment vss = VssCommitment.of(commitment);
    SortedMap<Identifier, SecretShare> shares = new TreeMap<>();
    Map<Identifier, GroupElement> verifyingShares = new LinkedHashMap<>();
    for (Identifier id : ids) {
      Scalar share = Polynomials.evaluate(coefficients, id.scalar());
      shares.put(id, new SecretShare(id, share, vss));
      verifyingShares.put(id, GroupElement.of(EdwardsPoint.mulBase(share)));
    }
    return new Dealt(shares, new PublicKeyPackage(vss.groupKey(), verifyingShares, minSigners));
  }
}
