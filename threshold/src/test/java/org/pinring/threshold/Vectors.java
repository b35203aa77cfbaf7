package org.pinring.threshold;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The vector files under src/test/resources/vectors/frost (see the README there). */
final class Vectors {

  static final String RFC = "rfc9591-e1-frost-ed25519-sha512.json";
  static final String ZCASH = "zcash-ed25519-vectors.json";
  static final String ZCASH_BIG_IDENTIFIERS = "zcash-ed25519-vectors-big-identifier.json";
  static final String ZCASH_DKG = "zcash-ed25519-vectors_dkg.json";
  static final String ZCASH_REPAIR = "zcash-ed25519-repair-share.json";

  private Vectors() {}

  static String read(String name) {
    try (InputStream in = Vectors.class.getResourceAsStream("/vectors/frost/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing vector file " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
