package org.pinring.node.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The HTTP API's bearer token, kept in the repository as {@code api.token} (mode 0600), created on
 * first use. Required for every request when the API is bound to a non-loopback address.
 */
public final class ApiToken {

  public static final String FILE = "api.token";

  private final String value;

  private ApiToken(String value) {
    this.value = value;
  }

  /** Reads the token, creating it (256 random bits, base64url) if there is none. */
  public static ApiToken loadOrCreate(Path repository) throws IOException {
    Path file = repository.resolve(FILE);
    if (Files.isRegularFile(file)) {
      return new ApiToken(Files.readString(file, StandardCharsets.UTF_8).trim());
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Path temp = repository.resolve(FILE + ".tmp");
    Files.deleteIfExists(temp);
    Files.createFile(
        temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(temp, token + "\n", StandardCharsets.UTF_8);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    return new ApiToken(token);
  }

  /** Reads the token if the repository has one. */
  public static java.util.Optional<String> read(Path repository) throws IOException {
    Path file = repository.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim());
  }

  /** Whether an {@code Authorization} header carries this token (compared in constant time). */
  public boolean accepts(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return false;
    }
    byte[] given =
        authorization.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, value.getBytes(StandardCharsets.UTF_8));
  }
}
