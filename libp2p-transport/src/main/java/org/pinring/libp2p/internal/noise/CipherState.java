package org.pinring.libp2p.internal.noise;

import java.nio.ByteBuffer;
import javax.crypto.AEADBadTagException;

/**
 * The Noise {@code CipherState} (Noise spec section 5.1): a key and a 64-bit nonce counter. The
 * nonce is 32 zero bits followed by the counter in little-endian order (section 12.3, ChaChaPoly).
 * Not thread-safe.
 */
public final class CipherState {

  /** Nonce 2^64-1 is reserved (section 5.1); a connection never gets near it. */
  private static final long MAX_NONCE = -1L;

  private final ChaChaPoly cipher;
  private final byte[] nonce = new byte[ChaChaPoly.NONCE_BYTES];
  private long counter;

  CipherState(ChaChaPoly cipher) {
    this.cipher = cipher;
  }

  /** True once a key was set (during the handshake, before the first DH there is none). */
  boolean hasKey() {
    return cipher != null;
  }

  /** EncryptWithAd for handshake messages; without a key the plaintext is returned as is. */
  byte[] encryptWithAd(byte[] ad, byte[] plaintext) {
    if (cipher == null) {
      return plaintext.clone();
    }
    byte[] out = new byte[plaintext.length + ChaChaPoly.TAG_BYTES];
    cipher.seal(nextNonce(), ad, ByteBuffer.wrap(plaintext), ByteBuffer.wrap(out));
    return out;
  }

  /** DecryptWithAd for handshake messages. */
  byte[] decryptWithAd(byte[] ad, byte[] ciphertext) throws NoiseException {
    if (cipher == null) {
      return ciphertext.clone();
    }
    if (ciphertext.length < ChaChaPoly.TAG_BYTES) {
      throw new NoiseException("ciphertext shorter than its authentication tag");
    }
    byte[] out = new byte[ciphertext.length - ChaChaPoly.TAG_BYTES];
    try {
      cipher.open(nextNonce(), ad, ByteBuffer.wrap(ciphertext), ByteBuffer.wrap(out));
    } catch (AEADBadTagException e) {
      throw new NoiseException("handshake message failed authentication", e);
    }
    return out;
  }

  /**
   * Encrypts a transport message (empty associated data) from {@code plaintext} into {@code out},
   * which needs {@code plaintext.remaining() + 16} bytes of room.
   */
  public void encrypt(ByteBuffer plaintext, ByteBuffer out) {
    cipher.seal(nextNonce(), EMPTY, plaintext, out);
  }

  /** Decrypts and authenticates a transport message. */
  public void decrypt(ByteBuffer ciphertext, ByteBuffer out) throws NoiseException {
    try {
      cipher.open(nextNonce(), EMPTY, ciphertext, out);
    } catch (AEADBadTagException e) {
      throw new NoiseException("transport message failed authentication", e);
    }
  }

  private static final byte[] EMPTY = new byte[0];

  private byte[] nextNonce() {
    if (counter == MAX_NONCE) {
      throw new IllegalStateException("Noise nonce exhausted");
    }
    long n = counter++;
    for (int i = 0; i < 8; i++) {
      nonce[4 + i] = (byte) (n >>> (8 * i));
    }
    return nonce;
  }
}
