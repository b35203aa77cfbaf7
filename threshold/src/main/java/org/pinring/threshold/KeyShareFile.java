package org.pinring.threshold;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.pinring.multiformats.ipld.DagCbor;
import org.pinring.multiformats.ipld.InvalidIpldException;
import org.pinring.multiformats.ipld.Ipld;
import org.pinring.multiformats.ipld.IpldMap;
import org.pinring.runtime.SecureRandomSource;

/**
 * A curator's key package encrypted at rest with a passphrase.
 *
 * <p>The key is derived with Argon2id (RFC 9106; Bouncy Castle), memory-hard so that guessing
 * passphrases on stolen files is expensive; the key package's DAG-CBOR form is sealed with
 * ChaCha20-Poly1305 (RFC 8439; the JDK's, which measures faster here). The file is one DAG-CBOR
 * map:
 *
 * <pre>
 * { type: "pinring-frost-key-share", v: 1,
 *   kdf: { alg: "argon2id", memoryKiB, iterations, parallelism, salt (16 bytes) },
 *   aead: { alg: "chacha20-poly1305", nonce (12 bytes) },
 *   ciphertext }
 * </pre>
 *
 * The map without {@code ciphertext} is the AEAD's associated data, so the parameters cannot be
 * changed without detection. Files are written atomically with owner-only permissions, and reading
 * refuses a file that group or others may access.
 */
public final class KeyShareFile {

  /** Largest key-share file accepted. */
  public static final int MAX_FILE_BYTES = 64 << 10;

  /** RFC 9106's second recommended option: 64 MiB, 3 passes. */
  public static final KdfParameters DEFAULT_KDF = new KdfParameters(64 * 1024, 3, 1);

  /** Upper bounds on parameters read from a file, so a crafted file cannot exhaust memory. */
  static final int MAX_MEMORY_KIB = 1024 * 1024;

  static final int MAX_ITERATIONS = 16;
  static final int MAX_PARALLELISM = 16;

  private static final String TYPE = "pinring-frost-key-share";
  private static final int SALT_BYTES = 16;
  private static final int NONCE_BYTES = 12;

  /** Argon2id cost parameters. */
  public record KdfParameters(int memoryKiB, int iterations, int parallelism) {
    public KdfParameters {
      if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
        throw new KeyFileException("Argon2id memory out of range: " + memoryKiB + " KiB");
      }
      if (iterations < 1 || iterations > MAX_ITERATIONS) {
        throw new KeyFileException("Argon2id iterations out of range: " + iterations);
      }
      if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
        throw new KeyFileException("Argon2id parallelism out of range: " + parallelism);
      }
    }
  }

  private KeyShareFile() {}

  /** Encrypts {@code key} under {@code passphrase} with {@link #DEFAULT_KDF} and writes it. */
  public static void write(Path file, KeyPackage key, char[] passphrase, SecureRandomSource random)
      throws IOException {
    write(file, key, passphrase, random, DEFAULT_KDF);
  }

  public static void write(
      Path file, KeyPackage key, char[] passphrase, SecureRandomSource random, KdfParameters kdf)
      throws IOException {
    AtomicFiles.write(file, seal(key, passphrase, random, kdf));
  }

  /**
   * Reads and decrypts a key-share file.
   *
   * @throws KeyFileException on a wrong passphrase, damage, bad parameters or shared permissions
   */
  public static KeyPackage read(Path file, char[] passphrase) throws IOException {
    if (AtomicFiles.isShared(file)) {
      throw new KeyFileException(
          "refusing key-share file " + file + ": group or others may access it (chmod 600 it)");
    }
    long size = Files.size(file);
    if (size > MAX_FILE_BYTES) {
      throw new KeyFileException(
          "key-share file " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
    }
    return open(Files.readAllBytes(file), passphrase);
  }

  static byte[] seal(
      KeyPackage key, char[] passphrase, SecureRandomSource random, KdfParameters kdf) {
    byte[] salt = new byte[SALT_BYTES];
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(salt);
    random.nextBytes(nonce);
    IpldMap header = header(kdf, salt, nonce);
    byte[] plaintext = FrostCbor.encode(key);
    byte[] derived = deriveKey(passphrase, salt, kdf);
    try {
      byte[] ciphertext =
          chacha(Cipher.ENCRYPT_MODE, derived, nonce, DagCbor.encode(header), plaintext);
      IpldMap.Builder out = IpldMap.builder();
      for (var e : header.entries().entrySet()) {
        out.put(e.getKey(), e.getValue());
      }
      return DagCbor.encode(out.put("ciphertext", ciphertext).build());
    } finally {
      Arrays.fill(derived, (byte) 0);
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  static KeyPackage open(byte[] fileBytes, char[] passphrase) {
    IpldMap map;
    KdfParameters kdf;
    byte[] salt;
    byte[] nonce;
    byte[] ciphertext;
    try {
      Ipld value =
          DagCbor.decode(
              fileBytes,
              DagCbor.DecodeOptions.strictDefaults().withMaxBytes(MAX_FILE_BYTES).withMaxDepth(4));
      if (!(value instanceof IpldMap m)) {
        throw new KeyFileException("not a key-share file");
      }
      map = m.requireOnlyKeys(Set.of("type", "v", "kdf", "aead", "ciphertext"));
      if (!TYPE.equals(map.string("type")) || map.integer("v") != 1) {
        throw new KeyFileException("not a version 1 key-share file");
      }
      IpldMap k =
          map.map("kdf")
              .requireOnlyKeys(Set.of("alg", "memoryKiB", "iterations", "parallelism", "salt"));
      IpldMap a = map.map("aead").requireOnlyKeys(Set.of("alg", "nonce"));
      if (!"argon2id".equals(k.string("alg")) || !"chacha20-poly1305".equals(a.string("alg"))) {
        throw new KeyFileException("unsupported key-share file algorithms");
      }
      kdf =
          new KdfParameters(intIn(k, "memoryKiB"), intIn(k, "iterations"), intIn(k, "parallelism"));
      salt = k.bytes("salt");
      nonce = a.bytes("nonce");
      ciphertext = map.bytes("ciphertext");
    } catch (InvalidIpldException e) {
      throw new KeyFileException("damaged key-share file: " + e.getMessage(), e);
    }
    if (salt.length != SALT_BYTES || nonce.length != NONCE_BYTES) {
      throw new KeyFileException("damaged key-share file: bad salt or nonce length");
    }
    byte[] aad = DagCbor.encode(header(kdf, salt, nonce));
    byte[] derived = deriveKey(passphrase, salt, kdf);
    byte[] plaintext = null;
    try {
      plaintext = chacha(Cipher.DECRYPT_MODE, derived, nonce, aad, ciphertext);
      return FrostCbor.decodeKeyPackage(plaintext);
    } catch (FrostException e) {
      throw new KeyFileException("the decrypted key package is invalid: " + e.getMessage(), e);
    } finally {
      Arrays.fill(derived, (byte) 0);
      if (plaintext != null) {
        Arrays.fill(plaintext, (byte) 0);
      }
    }
  }

  private static int intIn(IpldMap m, String key) {
    long v = m.integer(key);
    if (v < 1 || v > Integer.MAX_VALUE) {
      throw new KeyFileException(key + " out of range");
    }
    return (int) v;
  }

  private static IpldMap header(KdfParameters kdf, byte[] salt, byte[] nonce) {
    return IpldMap.builder()
        .put("type", TYPE)
        .put("v", 1)
        .put(
            "kdf",
            IpldMap.builder()
                .put("alg", "argon2id")
                .put("memoryKiB", kdf.memoryKiB())
                .put("iterations", kdf.iterations())
                .put("parallelism", kdf.parallelism())
                .put("salt", salt)
                .build())
        .put("aead", IpldMap.builder().put("alg", "chacha20-poly1305").put("nonce", nonce).build())
        .build();
  }

  private static byte[] deriveKey(char[] passphrase, byte[] salt, KdfParameters kdf) {
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
    byte[] password = new byte[encoded.remaining()];
    encoded.get(password);
    if (encoded.hasArray()) {
      Arrays.fill(
          encoded.array(),
          encoded.arrayOffset(),
          encoded.arrayOffset() + encoded.capacity(),
          (byte) 0);
    }
    try {
      Argon2Parameters parameters =
          new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
              .withVersion(Argon2Parameters.ARGON2_VERSION_13)
              .withMemoryAsKB(kdf.memoryKiB())
              .withIterations(kdf.iterations())
              .withParallelism(kdf.parallelism())
              .withSalt(salt)
              .build();
      Argon2BytesGenerator generator = new Argon2BytesGenerator();
      generator.init(parameters);
      byte[] key = new byte[32];
      generator.generateBytes(password, key);
      return key;
    } finally {
      Arrays.fill(password, (byte) 0);
    }
  }

  private static byte[] chacha(int mode, byte[] key, byte[] nonce, byte[] aad, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
      cipher.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
      cipher.updateAAD(aad);
      return cipher.doFinal(input);
    } catch (AEADBadTagException e) {
      throw new KeyFileException("wrong passphrase, or the key-share file was modified", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 is part of every JDK since 11", e);
    }
  }
}
