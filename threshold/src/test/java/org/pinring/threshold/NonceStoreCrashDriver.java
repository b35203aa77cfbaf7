package org.pinring.threshold;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.pinring.runtime.SecureRandomSource;

/**
 * A child process for {@link FileNonceStoreTest}: puts and takes nonces in a loop and reports each
 * step on stdout only after the store returned, until it is killed.
 */
public final class NonceStoreCrashDriver {

  private NonceStoreCrashDriver() {}

  static SigningCommitment commitment(byte[] encoded) {
    return new SigningCommitment(
        Identifier.fromBytes(Arrays.copyOfRange(encoded, 0, 32)),
        GroupElement.fromBytes(Arrays.copyOfRange(encoded, 32, 64)),
        GroupElement.fromBytes(Arrays.copyOfRange(encoded, 64, 96)));
  }

  public static void main(String[] args) throws IOException {
    Path directory = Path.of(args[0]);
    SecureRandomSource random = TestRandom.seeded(Long.parseLong(args[1]));
    KeyPackage key = FileNonceStoreTest.key(1);
    HexFormat hex = HexFormat.of();
    try (FileNonceStore store = FileNonceStore.open(directory, 4096)) {
      for (int i = 0; ; i++) {
        SigningNonces n = Frost.commit(key, random);
        store.put(n);
        System.out.println("PUT " + hex.formatHex(n.commitment().encode()));
        System.out.flush();
        if (i % 3 != 2) {
          if (store.take(n.commitment()).isEmpty()) {
            throw new IllegalStateException("a fresh nonce was not pending");
          }
          System.out.println("TAKEN " + hex.formatHex(n.commitment().encode()));
          System.out.flush();
        }
      }
    }
  }
}
