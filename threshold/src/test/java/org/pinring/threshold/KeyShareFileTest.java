package org.pinring.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinring.runtime.SecureRandomSource;

class KeyShareFileTest {

  /** Cheap parameters for tests; production files use {@link KeyShareFile#DEFAULT_KDF}. */
  private static final KeyShareFile.KdfParameters FAST = new KeyShareFile.KdfParameters(64, 1, 1);

  @TempDir Path dir;

  private final SecureRandomSource random = TestRandom.seeded(77);
  private final KeyPackage key =
      TrustedDealer.deal(2, 3, random).shares().get(Identifier.of(2)).verify();

  @Test
  void roundTripsWithOwnerOnlyPermissions() throws IOException {
    Path file = dir.resolve("keys").resolve("curator.key");
    KeyShareFile.write(file, key, "correct horse".toCharArray(), random, FAST);

    assertThat(KeyShareFile.read(file, "correct horse".toCharArray())).isEqualTo(key);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
        .contains("argon2id")
        .doesNotContain(
            new String(key.signingShareBytes(), java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  @Test
  void theDefaultParametersWork() throws IOException {
    Path file = dir.resolve("curator.key");
    KeyShareFile.write(file, key, "pass".toCharArray(), random);
    assertThat(KeyShareFile.read(file, "pass".toCharArray())).isEqualTo(key);
  }

  @Test
  void aWrongPassphraseOrAnyChangedByteIsRefused() throws IOException {
    byte[] sealed = KeyShareFile.seal(key, "right".toCharArray(), random, FAST);
    assertThatThrownBy(() -> KeyShareFile.open(sealed, "wrong".toCharArray()))
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining("wrong passphrase");
    for (int i = 0; i < sealed.length; i++) {
      byte[] changed = sealed.clone();
      changed[i] ^= 0x01;
      int at = i;
      assertThatThrownBy(() -> KeyShareFile.open(changed, "right".toCharArray()))
          .as("byte %d", at)
          .isInstanceOf(FrostException.class);
    }
    for (int cut = 0; cut < sealed.length; cut++) {
      byte[] prefix = Arrays.copyOf(sealed, cut);
      assertThatThrownBy(() -> KeyShareFile.open(prefix, "right".toCharArray()))
          .isInstanceOf(KeyFileException.class);
    }
  }

  @Test
  void refusesFilesOthersCanRead() throws IOException {
    Path file = dir.resolve("curator.key");
    KeyShareFile.write(file, key, "pw".toCharArray(), random, FAST);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> KeyShareFile.read(file, "pw".toCharArray()))
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining("chmod 600");
  }

  @Test
  void boundsTheKdfParameters() {
    assertThatThrownBy(() -> new KeyShareFile.KdfParameters(4 * 1024 * 1024, 3, 1))
        .isInstanceOf(KeyFileException.class);
    assertThatThrownBy(() -> new KeyShareFile.KdfParameters(65536, 0, 1))
        .isInstanceOf(KeyFileException.class);
  }
}
