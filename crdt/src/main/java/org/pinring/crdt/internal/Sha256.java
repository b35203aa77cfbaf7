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

  static byte[] hash(byte[] data) {
    MessageDigest digest = DIGEST.get();
    digest.reset();
    return digest.digest(data);
  }

  static byte[] hash(byte[] prefix, byte[] data, int offset, int length) {
    MessageDigest digest = DIGEST.get();
    digest.reset();
    digest.update(prefix);
    digest.update(data, offset, length);
    return digest.digest();
  }
}
