package org.pinring.threshold;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.pinring.threshold.internal.EdwardsPoint;
import org.pinring.threshold.internal.Scalar;

/**
 * Polynomial helpers over the scalar field (RFC 9591 section 4.2 and appendix C.1.1) and their
 * Feldman commitments in the group (appendix C.2).
 */
final class Polynomials {

  private Polynomials() {}

  /**
   * polynomial_evaluate: f(x) by Horner's rule, constant term first in {@code coefficients}.
   * Constant-time in the coefficients.
   */
  static Scalar evaluate(List<Scalar> coefficients, Scalar x) {
    Scalar value = Scalar.ZERO;
    for (int i = coefficients.size() - 1; i >= 0; i--) {
      value = value.multiply(x).add(coefficients.get(i));
    }
    return value;
  }

  /** vss_commit: [a_j]B for every coefficient (constant-time base multiplications). */
  static List<EdwardsPoint> commit(List<Scalar> coefficients) {
    List<EdwardsPoint> commitment = new ArrayList<>(coefficients.size());
    for (Scalar a : coefficients) {
      commitment.add(EdwardsPoint.mulBase(a));
    }
    return commitment;
  }

  /**
   * sum_j [x^j] C_j: the public image [f(x)]B of the committed polynomial, evaluated by Horner's
   * rule in the group. Variable-time; x and the commitments are public.
   */
  static EdwardsPoint evaluateInGroup(List<EdwardsPoint> commitment, Scalar x) {
    EdwardsPoint value = EdwardsPoint.IDENTITY;
    for (int j = commitment.size() - 1; j >= 0; j--) {
      value = value.mulVartime(x).add(commitment.get(j));
    }
    return value;
  }

  /**
   * derive_interpolating_value generalised to any evaluation point: the Lagrange basis polynomial
   * of {@code xi} over {@code xs}, evaluated at {@code at}. With {@code at} = 0 this is RFC 9591's
   * lambda_i; the share repair scheme evaluates at the lost participant's identifier.
   *
   * @throws ProtocolViolationException if {@code xi} is not in {@code xs} or an identifier repeats
   */
  static Scalar lagrangeCoefficient(List<Identifier> xs, Identifier xi, Scalar at) {
    Set<Identifier> seen = new HashSet<>();
    boolean found = false;
    for (Identifier x : xs) {
      if (!seen.add(x)) {
        throw new ProtocolViolationException("identifier " + x + " appears more than once");
      }
      found |= x.equals(xi);
    }
    if (!found) {
      throw new ProtocolViolationException("identifier " + xi + " is not in the list");
    }
    Scalar numerator = Scalar.ONE;
    Scalar denominator = Scalar.ONE;
    for (Identifier x : xs) {
      if (x.equals(xi)) {
        continue;
      }
      numerator = numerator.multiply(at.subtract(x.scalar()));
      denominator = denominator.multiply(xi.scalar().subtract(x.scalar()));
    }
    // Identifiers are public: a variable-time inversion is fine here.
    return numerator.multiply(denominator.invertVartime());
  }

  /** lambda_i: the coefficient at zero (RFC 9591 section 4.2). */
  static Scalar lagrangeAtZero(List<Identifier> xs, Identifier xi) {
    return lagrangeCoefficient(xs, xi, Scalar.ZERO);
  }
}
