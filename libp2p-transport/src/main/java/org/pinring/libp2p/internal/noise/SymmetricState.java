package org.pinring.libp2p.internal.noise;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Noise {@code SymmetricState} (Noise spec section 5.2) for SHA-256: chaining key, handshake
 * hash and the handshake's cipher state.
 */
final class SymmetricState {

  static final int HASH_BYTES = 32;

  private final AeadFactory aead;
  private byte[] chainingKey;
  private byte[] hash;
  private CipherState cipher = new CipherState(null);

  SymmetricState(AeadFactory aead, String protocolName) {
    this.aead = aead;
    byte[] name = protocolName.getBytes(StandardCharsets.US_ASCII);
    // InitializeSymmetric: names of at most HASHLEN bytes are zero-padded, longer ones hashed.
    hash = name.length <= HASH_BYTES ? Arrays.copyOf(name, HASH_BYTES) : sha256(name);
    chainingKey = hash.clone();
  }

  void mixKey(byte[] inputKeyMaterial) {
    byte[][] outputs = hkdf(chainingKey, inputKeyMaterial);
    chainingKey = outputs[0];
    cipher = new CipherState(aead.create(outputs[1]));
  }

  void mixHash(byte[] data) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(hash);
      digest.update(data);
      hash = digest.digest();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  byte[] encryptAndHash(byte[] plaintext) {
    byte[] ciphertext = cipher.encryptWithAd(hash, plaintext);
    mixHash(ciphertext);
    return ciphertext;
  }

  byte[] decryptAndHash(byte[] ciphertext) throws NoiseException {
    byte[] plaintext = cipher.decryptWithAd(hash, ciphertext);
    mixHash(ciphertext);
    return plaintext;
  }

  boolean hasKey() {
    return cipher.hasKey();
  }

  byte[] handshakeHash() {
    return hash.clone();
  }

  /** Split: the initiator's sending cipher first, then the responder's. */
  CipherState[] split() {
    byte[][] outputs = hkdf(chainingKey, new byte[0]);
    return new CipherState[] {
      new CipherState(aead.create(outputs[0])), new CipherState(aead.create(outputs[1]))
    };
  }

  /** HKDF with HMAC-SHA256 and two outputs (Noise spec section 4.3). */
  private static byte[][] hkdf(byte[] chainingKey, byte[] inputKeyMaterial) {
    byte[] tempKey = hmac(chainingKey, inputKeyMaterial);
    byte[] output1 = hmac(tempKey, new byte[] {1});
    byte[] input2 = Arrays.copyOf(output1, HASH_BYTES + 1);
    input2[HASH_BYTES] = 2;
    byte[] output2 = hmac(tempKey, input2);
    return new byte[][] {output1, output2};
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
