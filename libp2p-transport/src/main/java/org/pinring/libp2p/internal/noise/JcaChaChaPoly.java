package org.pinring.libp2p.internal.noise;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** {@link ChaChaPoly} over a JCA {@link Cipher}, re-initialised with each message's nonce. */
final class JcaChaChaPoly implements ChaChaPoly {

  private final SecretKeySpec key;
  private final Cipher encrypt;
  private final Cipher decrypt;

  JcaChaChaPoly(byte[] key, Cipher encrypt, Cipher decrypt) {
    if (key.length != 32) {
      throw new IllegalArgumentException("a ChaCha20-Poly1305 key has 32 bytes");
    }
    this.key = new SecretKeySpec(key, "ChaCha20");
    this.encrypt = encrypt;
    this.decrypt = decrypt;
  }

  @Override
  public void seal(byte[] nonce, byte[] ad, ByteBuffer plaintext, ByteBuffer out) {
    try {
      encrypt.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(nonce));
      if (ad.length > 0) {
        encrypt.updateAAD(ad);
      }
      encrypt.doFinal(plaintext, out);
    } catch (GeneralSecurityException e) {
      // Only a programming error (bad key, nonce reuse, short output) can get here.
      throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
    }
  }

  @Override
  public void open(byte[] nonce, byte[] ad, ByteBuffer ciphertext, ByteBuffer out)
      throws AEADBadTagException {
    try {
      decrypt.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(nonce));
      if (ad.length > 0) {
        decrypt.updateAAD(ad);
      }
      decrypt.doFinal(ciphertext, out);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      AEADBadTagException failure = new AEADBadTagException("decryption failed: " + e);
      failure.initCause(e);
      throw failure;
    }
  }
}
