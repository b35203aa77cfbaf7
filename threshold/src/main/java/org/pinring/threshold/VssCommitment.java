package org.pinring.threshold;

import java.util.ArrayList;
import java.util.List;
import org.pinring.threshold.internal.EdwardsPoint;
import org.pinring.threshold.internal.Scalar;

/**
 * A Feldman VSS commitment (RFC 9591 appendix C.2): C_j = [a_j]B for the coefficients of a secret
 * polynomial f, constant term first. C_0 is the public key of f(0). Public.
 */
public final class VssCommitment {

  private final List<EdwardsPoint> coefficients;

  private VssCommitment(List<EdwardsPoint> coefficients) {
    this.coefficients = List.copyOf(coefficients);
  }

  static VssCommitment of(List<EdwardsPoint> coefficients) {
    if (coefficients.isEmpty() || coefficients.size() > Limits.MAX_PARTICIPANTS) {
      throw new ProtocolViolationException("bad commitment length " + coefficients.size());
    }
    return new VssCommitment(coefficients);
  }

  /**
   * Decodes a received commitment; every entry must be a valid group element.
   *
   * @throws MalformedInputException if an entry is not
   */
  public static VssCommitment fromElements(List<GroupElement> elements) {
    List<EdwardsPoint> points = new ArrayList<>(elements.size());
    for (GroupElement e : elements) {
      points.add(e.point());
    }
    return of(points);
  }

  List<EdwardsPoint> points() {
    return coefficients;
  }

  /** The number of coefficients: the threshold t of the shared polynomial. */
  public int size() {
    return coefficients.size();
  }

  /** The entries as group elements (none may be the identity). */
  public List<GroupElement> elements() {
    List<GroupElement> out = new ArrayList<>(coefficients.size());
    for (EdwardsPoint p : coefficients) {
      out.add(GroupElement.of(p));
    }
    return out;
  }

  /** C_0, the public key of the shared secret. */
  public GroupElement groupKey() {
    return GroupElement.of(coefficients.get(0));
  }

  /** [f(id)]B computed from the commitment alone (derive_group_info). */
  EdwardsPoint publicShare(Identifier id) {
    return Polynomials.evaluateInGroup(coefficients, id.scalar());
  }

  /** vss_verify: [share]B == sum_j [id^j]C_j. */
  boolean verify(Identifier id, Scalar share) {
    return EdwardsPoint.mulBase(share).equals(publicShare(id));
  }

  /** The sum of several commitments, entry by entry (all the same length). */
  static VssCommitment sum(List<VssCommitment> commitments) {
    int t = commitments.get(0).size();
    List<EdwardsPoint> total = new ArrayList<>(t);
    for (int j = 0; j < t; j++) {
      EdwardsPoint acc = EdwardsPoint.IDENTITY;
      for (VssCommitment c : commitments) {
        acc = acc.add(c.coefficients.get(j));
      }
      total.add(acc);
    }
    return new VssCommitment(total);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VssCommitment that && coefficients.equals(that.coefficients);
  }

  @Override
  public int hashCode() {
    return coefficients.hashCode();
  }
}
