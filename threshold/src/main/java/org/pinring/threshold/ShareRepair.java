package org.pinring.threshold;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.pinring.runtime.SecureRandomSource;
import org.pinring.threshold.internal.EdwardsPoint;
import org.pinring.threshold.internal.Scalar;

/**
 * Repair of a lost share with the help of t other participants, by the repairable threshold scheme
 * of Laing and Stinson (ePrint 2017/1155), as the Zcash Foundation implements it. No helper learns
 * the lost share and no helper's share is revealed:
 *
 * <ol>
 *   <li>Each helper i splits zeta_i * sk_i (zeta_i: its Lagrange coefficient over the helpers,
 *       evaluated at the lost identifier) into random deltas, one per helper ({@link #deltas}).
 *   <li>Each helper sums the deltas it received into one sigma ({@link #sigma}).
 *   <li>The participant being repaired sums the sigmas ({@link #recover}): sum_i zeta_i sk_i =
 *       f(lost). The result is checked against the public verifying share.
 * </ol>
 */
public final class ShareRepair {

  private ShareRepair() {}

  /**
   * Step one for the helper holding {@code key}.
   *
   * @return the delta for each helper (including this one), by recipient
   * @throws ProtocolViolationException if there are fewer than t helpers, duplicates, the helper is
   *     not in the list, or the lost participant is
   */
  public static SortedMap<Identifier, SecretValue> deltas(
      List<Identifier> helpers, KeyPackage key, Identifier lost, SecureRandomSource random) {
    if (helpers.size() < key.minSigners()) {
      throw new ProtocolViolationException(
          helpers.size() + " helpers, the threshold is " + key.minSigners());
    }
    TreeSet<Identifier> set = new TreeSet<>(helpers);
    if (set.size() != helpers.size()) {
      throw new ProtocolViolationException("helpers repeat");
    }
    if (!set.contains(key.identifier())) {
      throw new ProtocolViolationException("helper " + key.identifier() + " is not in the list");
    }
    if (set.contains(lost)) {
      throw new ProtocolViolationException("the participant being repaired cannot help");
    }
    List<Identifier> sorted = new ArrayList<>(set);
    Scalar zeta = Polynomials.lagrangeCoefficient(sorted, key.identifier(), lost.scalar());
    Scalar target = zeta.multiply(key.signingShare());
    SortedMap<Identifier, SecretValue> out = new TreeMap<>();
    Scalar sum = Scalar.ZERO;
    for (int i = 0; i < sorted.size() - 1; i++) {
      Scalar delta = RandomScalars.next(random);
      sum = sum.add(delta);
      out.put(sorted.get(i), new SecretValue(delta));
    }
    out.put(sorted.get(sorted.size() - 1), new SecretValue(target.subtract(sum)));
    return out;
  }

  /** Step two: a helper sums the deltas addressed to it, one from every helper. */
  public static SecretValue sigma(Collection<SecretValue> deltas) {
    Scalar sum = Scalar.ZERO;
    for (SecretValue d : deltas) {
      sum = sum.add(d.scalar());
    }
    return new SecretValue(sum);
  }

  /**
   * Step three: the repaired participant sums the sigmas and checks the result against its public
   * verifying share.
   *
   * @throws ProtocolViolationException if the recovered share does not match (a helper sent a wrong
   *     value)
   */
  public static KeyPackage recover(
      Collection<SecretValue> sigmas, Identifier lost, PublicKeyPackage publicKeys) {
    Scalar share = sigma(sigmas).scalar();
    GroupElement expected = publicKeys.verifyingShare(lost);
    if (!EdwardsPoint.mulBase(share).equals(expected.point())) {
      throw new ProtocolViolationException(
          "the repaired share does not match the verifying share of " + lost);
    }
    return new KeyPackage(lost, share, publicKeys.groupKey(), publicKeys.minSigners());
  }
}
