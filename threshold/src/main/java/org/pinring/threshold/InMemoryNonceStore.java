package org.pinring.threshold;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link NonceStore} that lives only in memory: a restart loses every pending nonce (which is
 * safe: round one is simply repeated), and nothing can be restored from a backup. For one-shot
 * tools and tests; a long-running signer uses {@link FileNonceStore}.
 */
public final class InMemoryNonceStore implements NonceStore {

  private final Map<ByteBuffer, SigningNonces> nonces = new HashMap<>();

  static ByteBuffer key(SigningCommitment c) {
    return ByteBuffer.wrap(c.encode()).asReadOnlyBuffer();
  }

  @Override
  public synchronized void put(SigningNonces fresh) {
    if (nonces.putIfAbsent(key(fresh.commitment()), fresh) != null) {
      throw new ProtocolViolationException("these nonces are already stored");
    }
  }

  @Override
  public synchronized Optional<SigningNonces> take(SigningCommitment commitment) {
    return Optional.ofNullable(nonces.remove(key(commitment)));
  }

  @Override
  public synchronized int pending() {
    return nonces.size();
  }
}
