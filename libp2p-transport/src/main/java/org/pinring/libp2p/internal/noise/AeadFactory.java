package org.pinring.libp2p.internal.noise;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.Optional;
import javax.crypto.Cipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where ChaCha20-Poly1305 comes from. Conscrypt (BoringSSL) measured about 4x the JDK's own
 * implementation on this hardware, so {@link #best()} prefers it and falls back to the JDK when its
 * native library does not load on the platform.
 */
public abstract class AeadFactory {

  private static final Logger log = LoggerFactory.getLogger(AeadFactory.class);
  private static final AeadFactory BEST = chooseBest();

  /** A short name for logs and benchmarks, e.g. {@code conscrypt}. */
  public abstract String name();

  /** A cipher with this 32-byte key. */
  public abstract ChaChaPoly create(byte[] key);

  /** The fastest provider that works here: Conscrypt if it loads, else the JDK. */
  public static AeadFactory best() {
    return BEST;
  }

  /** The JDK's provider (SunJCE), present on every JDK 11+. */
  public static AeadFactory jdk() {
    return new JcaAeadFactory("jdk", null, "ChaCha20-Poly1305");
  }

  /** Conscrypt's provider, if its native library loads on this platform. */
  public static Optional<AeadFactory> conscrypt() {
    try {
      if (!org.conscrypt.Conscrypt.isAvailable()) {
        return Optional.empty();
      }
      Provider provider = org.conscrypt.Conscrypt.newProvider();
      AeadFactory factory =
          new JcaAeadFactory("conscrypt", provider, "ChaCha20/Poly1305/NoPadding");
      factory.create(new byte[32]); // fail here, not on the first connection
      return Optional.of(factory);
    } catch (LinkageError | RuntimeException e) {
      log.debug("Conscrypt is not usable here, using the JDK's ChaCha20-Poly1305", e);
      return Optional.empty();
    }
  }

  private static AeadFactory chooseBest() {
    AeadFactory chosen = conscrypt().orElseGet(AeadFactory::jdk);
    log.debug("ChaCha20-Poly1305 provider: {}", chosen.name());
    return chosen;
  }

  @Override
  public String toString() {
    return name();
  }

  private static final class JcaAeadFactory extends AeadFactory {
    private final String name;
    private final Provider provider;
    private final String transformation;

    JcaAeadFactory(String name, Provider provider, String transformation) {
      this.name = name;
      this.provider = provider;
      this.transformation = transformation;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public ChaChaPoly create(byte[] key) {
      try {
        Cipher encrypt =
            provider == null
                ? Cipher.getInstance(transformation)
                : Cipher.getInstance(transformation, provider);
        Cipher decrypt =
            provider == null
                ? Cipher.getInstance(transformation)
                : Cipher.getInstance(transformation, provider);
        return new JcaChaChaPoly(key, encrypt, decrypt);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(name + " has no " + transformation, e);
      }
    }
  }
}
