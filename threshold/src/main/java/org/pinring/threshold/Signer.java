package org.pinring.threshold;

import java.io.IOException;
import java.util.Objects;
import org.pinring.runtime.SecureRandomSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One participant's side of FROST signing, with nonce safety built in: round-one nonces go into a
 * {@link NonceStore} before their commitment is released, and round two takes them out (durably)
 * before a signature share exists. A commitment therefore yields at most one share, whatever
 * crashes, retries or replays happen.
 *
 * <p>Thread-safe if the store is.
 */
public final class Signer {

  private static final Logger LOG = LoggerFactory.getLogger(Signer.class);

  private final KeyPackage key;
  private final NonceStore nonces;
  private final SecureRandomSource random;

  public Signer(KeyPackage key, NonceStore nonces, SecureRandomSource random) {
    this.key = Objects.requireNonNull(key, "key");
    this.nonces = Objects.requireNonNull(nonces, "nonces");
    this.random = Objects.requireNonNull(random, "random");
  }

  public KeyPackage key() {
    return key;
  }

  /**
   * Round one: fresh nonces, stored before their commitment is returned.
   *
   * @throws IOException if the nonces cannot be stored (then nothing was released)
   */
  public SigningCommitment commit() throws IOException {
    SigningNonces fresh = Frost.commit(key, random);
    nonces.put(fresh);
    return fresh.commitment();
  }

  /**
   * Round two. Validates the package (sorted, contains this signer's commitment, at least t
   * signers), takes the matching nonces out of the store, then computes the share.
   *
   * @throws ProtocolViolationException if the package is unacceptable, or no unused nonces match
   *     this signer's commitment in it (already used, never made here, or discarded)
   * @throws IOException if the store cannot record the use (then no share was computed)
   */
  public SignatureShare sign(SigningPackage signingPackage) throws IOException {
    SigningCommitment own = signingPackage.commitmentOf(key.identifier());
    if (own == null) {
      throw new ProtocolViolationException(
          "the commitment list does not include signer " + key.identifier());
    }
    if (signingPackage.commitments().size() < key.minSigners()) {
      throw new ProtocolViolationException(
          "only "
              + signingPackage.commitments().size()
              + " signers, the threshold is "
              + key.minSigners());
    }
    // Validate everything that can fail before the nonces are consumed (the group commitment
    // may be the identity), so a bad package does not burn them...
    SigningContext context = new SigningContext(key.groupKey(), signingPackage);
    // ...then consume them durably before the share exists.
    SigningNonces used =
        nonces
            .take(own)
            .orElseThrow(
                () ->
                    new ProtocolViolationException(
                        "no unused nonces for this commitment of signer "
                            + key.identifier()
                            + ": it was already used or never made here"));
    LOG.debug("signer {} consumed a nonce pair", key.identifier());
    return Frost.signShare(context, used, key);
  }
}
