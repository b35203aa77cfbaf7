package org.pinring.threshold;

import org.pinring.runtime.SecureRandomSource;
import org.pinring.threshold.internal.Scalar;

/** RandomScalar (RFC 9591 appendix D, wide reduction): 64 random bytes reduced mod L. */
final class RandomScalars {

  private RandomScalars() {}

  static Scalar next(SecureRandomSource random) {
    byte[] wide = new byte[64];
    random.nextBytes(wide);
    return Scalar.reduce512(wide);
  }

  /** A random scalar that is not zero (zero has probability about 2^-252, but is checked). */
  static Scalar nextNonZero(SecureRandomSource random) {
    Scalar s = next(random);
    while (s.isZero()) {
      s = next(random);
    }
    return s;
  }
}
