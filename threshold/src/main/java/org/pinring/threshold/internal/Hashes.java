package org.pinring.threshold.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The hash functions of FROST(Ed25519, SHA-512), RFC 9591 section 6.1, plus the DKG
 * proof-of-knowledge hash used by the FROST paper's key generation as deployed by the Zcash
 * Foundation's implementation (HDKG, not part of the RFC).
 *
 * <p>SHA-512 comes from the JDK, which measures faster than Bouncy Castle here.
 */
public final class Hashes {

  /** The ciphersuite's context string (RFC 9591 section 6.1), ASCII, no terminator. */
  public static final String CONTEXT = "FROST-ED25519-SHA512-v1";

  private static final byte[] CONTEXT_BYTES = CONTEXT.getBytes(StandardCharsets.US_ASCII);

  private Hashes() {}

  /** H1: the binding factor hash, SHA-512(ctx || "rho" || m) reduced mod L. */
  public static Scalar h1(byte[]... parts) {
    return Scalar.reduce512(prefixed("rho", parts));
  }

  /** H2: the challenge hash, SHA-512(m) reduced mod L, with no prefix (RFC 8032 compatibility). */
  public static Scalar h2(byte[]... parts) {
    return Scalar.reduce512(sha512(null, parts));
  }

  /** H3: the nonce hash, SHA-512(ctx || "nonce" || m) reduced mod L. */
  public static Scalar h3(byte[]... parts) {
    return Scalar.reduce512(prefixed("nonce", parts));
  }

  /** H4: the message hash, SHA-512(ctx || "msg" || m), 64 bytes. */
  public static byte[] h4(byte[] message) {
    return prefixed("msg", message);
  }

  /** H5: the commitment-list hash, SHA-512(ctx || "com" || m), 64 bytes. */
  public static byte[] h5(byte[] encodedCommitments) {
    return prefixed("com", encodedCommitments);
  }

  /** HDKG: the DKG proof-of-knowledge challenge, SHA-512(ctx || "dkg" || m) reduced mod L. */
  public static Scalar hdkg(byte[]... parts) {
    return Scalar.reduce512(prefixed("dkg", parts));
  }

  private static byte[] prefixed(String label, byte[]... parts) {
    return sha512(label.getBytes(StandardCharsets.US_ASCII), parts);
  }

  /**
   * A fresh SHA-512 instance, never updated: cloning it is cheaper than a provider lookup per hash
   * (a signing session hashes about thirty times). Concurrent clones only read it.
   */
  private static final MessageDigest SHA512 = newSha512();

  private static MessageDigest newSha512() {
    try {
      return MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-512", e);
    }
  }

  private static byte[] sha512(byte[] label, byte[]... parts) {
    MessageDigest digest;
    try {
      digest = (MessageDigest) SHA512.clone();
    } catch (CloneNotSupportedException e) {
      digest = newSha512();
    }
    if (label != null) {
      digest.update(CONTEXT_BYTES);
      digest.update(label);
    }
    for (byte[] part : parts) {
      digest.update(part);
    }
    return digest.digest();
  }
}
