package org.pinring.crdt.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 from the JDK (measured faster than Bouncy Castle here). */
final class Sha256 {

  private static final ThreadLocal<MessageDigest> DIGEST =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("the JDK always provides SHA-256", e);
            }
          });

  private Sha256() {}

  // No reset() before use: digest() leaves the digest reset, and update() checks its bounds before
  // absorbing anything, so a digest is never left half-fed. (An explicit reset re-zeroed the state
  // and buffer on every call: about 3% of the batched apply path in a JFR profile.)

  static byte[] hash(byte[] data) {
    return DIGEST.get().digest(data);
  }

  static byte[] hash(byte[] prefix, byte[] data, int offset, int length) {
    MessageDigest digest = DIGEST.get();
    digest.update(prefix);
    digest.update(data, offset, length);
    return digest.digest();
  }
}
