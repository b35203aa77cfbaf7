package org.pinring.libp2p.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinring.runtime.SecureRandomSource;

class KeyFileTest {

  @TempDir Path dir;

  @Test
  void createsAnOwnerOnlyKeyAndReadsTheSameKeyBack() throws IOException {
    Path file = dir.resolve("sub/identity.key");

    PrivateKey created = KeyFile.loadOrCreate(file, new SecureRandomSource());
    PrivateKey loaded = KeyFile.loadOrCreate(file, new SecureRandomSource());

    assertThat(loaded).isEqualTo(created);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.readAllBytes(file)).isEqualTo(created.toProtobuf());
    try (var listing = Files.list(file.getParent())) {
      assertThat(listing).containsExactly(file);
    }
  }

  @Test
  void refusesAKeyReadableByOthers() throws IOException {
    Path file = dir.resolve("identity.key");
    KeyFile.write(file, Ed25519PrivateKey.fromSeed(new byte[32]));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    assertThatThrownBy(() -> KeyFile.read(file))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessageContaining("chmod 600");
  }

  @Test
  void aLeftoverTemporaryFileFromACrashDoesNotBlockTheNextWrite() throws IOException {
    Path file = dir.resolve("identity.key");
    Files.write(dir.resolve(".identity.key.tmp"), new byte[] {1, 2, 3});
    Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(new byte[32]);

    KeyFile.write(file, key);

    assertThat(KeyFile.read(file)).isEqualTo(key);
    assertThat(Files.exists(dir.resolve(".identity.key.tmp"))).isFalse();
  }

  @Test
  void rewritingReplacesTheKeyAtomically() throws IOException {
    Path file = dir.resolve("identity.key");
    KeyFile.write(file, Ed25519PrivateKey.fromSeed(new byte[32]));
    Ed25519PrivateKey second =
        Ed25519PrivateKey.fromSeed(
            new byte[] {
              1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
              17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32
            });

    KeyFile.write(file, second);

    assertThat(KeyFile.read(file)).isEqualTo(second);
  }

  @Test
  void garbageInAKeyFileIsAClearError() throws IOException {
    Path file = dir.resolve("identity.key");
    Files.write(file, new byte[] {8, 1, 18, 3, 1, 2, 3});
    Files.setPosixFilePermissions(file, KeyFile.OWNER_ONLY);

    assertThatThrownBy(() -> KeyFile.read(file))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessageContaining(file.toString());
  }
}
