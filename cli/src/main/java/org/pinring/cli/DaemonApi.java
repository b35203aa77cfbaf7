package org.pinring.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.pinring.node.daemon.ApiToken;
import org.pinring.node.daemon.Daemon;

/**
 * The HTTP API of a daemon running on a repository, found through the repository's {@code api} file
 * (written while the daemon runs). Sends the repository's bearer token when there is one.
 */
final class DaemonApi {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** How much of an error response is read for its message. */
  private static final int MAX_ERROR_BYTES = 64 * 1024;

  private final URI base;
  private final Optional<String> token;
  private final HttpClient http = HttpClient.newHttpClient();

  private DaemonApi(URI base, Optional<String> token) {
    this.base = base;
    this.token = token;
  }

  /** The running daemon's API, if {@code repository} has one that answers. */
  static Optional<DaemonApi> find(Path repository) throws IOException {
    Path file = repository.resolve(Daemon.API_FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    DaemonApi api =
        new DaemonApi(
            URI.create(Files.readString(file, StandardCharsets.UTF_8).trim()),
            ApiToken.read(repository));
    try {
      api.get("/id");
      return Optional.of(api);
    } catch (ConnectException e) {
      return Optional.empty(); // a stale file from a daemon that was killed
    }
  }

  /** The running daemon's API, or a message saying how to start one. */
  static DaemonApi require(Path repository) throws IOException {
    return find(repository)
        .orElseThrow(
            () ->
                new UserInputException(
                    "no daemon is running on " + repository + "; start one with `pinring daemon`"));
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path));
    token.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
    return builder;
  }

  JsonNode get(String path) throws IOException {
    return json(send(request(path).GET().build()));
  }

  JsonNode post(String path, HttpRequest.BodyPublisher body) throws IOException {
    return json(send(request(path).POST(body).build()));
  }

  JsonNode post(String path, String contentType, HttpRequest.BodyPublisher body)
      throws IOException {
    return json(send(request(path).header("Content-Type", contentType).POST(body).build()));
  }

  /** A streamed response body; fails with the API's message on an error status. */
  InputStream stream(String method, String path, HttpRequest.BodyPublisher body)
      throws IOException {
    HttpResponse<InputStream> response;
    try {
      response =
          http.send(
              request(path).method(method, body).build(),
              HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (response.statusCode() != 200) {
      try (InputStream in = response.body()) {
        throw new IOException(message(in.readAllBytes(), response.statusCode()));
      }
    }
    return response.body();
  }

  /**
   * A streamed GET with an {@code Accept} header; fails with the API's message unless the status is
   * 200. The caller closes the body.
   */
  HttpResponse<InputStream> getStream(String path, String accept) throws IOException {
    HttpResponse<InputStream> response;
    try {
      response =
          http.send(
              request(path).header("Accept", accept).GET().build(),
              HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (response.statusCode() != 200) {
      try (InputStream in = response.body()) {
        // An error body is a short JSON message: read a bounded amount of it.
        throw new IOException(message(in.readNBytes(MAX_ERROR_BYTES), response.statusCode()));
      }
    }
    return response;
  }

  /**
   * A file's bytes through the gateway, {@code range} (an HTTP Range value, or null for all of it)
   * applied.
   *
   * @return the response (status 200 if the whole file came, 206 for the range), or empty if the
   *     range holds no byte of the file (416)
   */
  Optional<HttpResponse<InputStream>> getRange(String path, String range) throws IOException {
    HttpRequest.Builder builder = request(path).GET();
    if (range != null) {
      builder.header("Range", range);
    }
    HttpResponse<InputStream> response;
    try {
      response = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    int status = response.statusCode();
    if (status == 200 || status == 206) {
      return Optional.of(response);
    }
    try (InputStream in = response.body()) {
      byte[] body = in.readAllBytes();
      if (status == 416) {
        return Optional.empty();
      }
      throw new IOException(message(body, status));
    }
  }

  private HttpResponse<byte[]> send(HttpRequest request) throws IOException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static JsonNode json(HttpResponse<byte[]> response) throws IOException {
    if (response.statusCode() != 200) {
      throw new IOException(message(response.body(), response.statusCode()));
    }
    return JSON.readTree(response.body());
  }

  private static String message(byte[] body, int status) {
    try {
      JsonNode error = JSON.readTree(body);
      if (error != null && error.has("message")) {
        return error.get("message").asText();
      }
    } catch (IOException e) {
      // not JSON: fall through
    }
    return "the daemon answered HTTP " + status;
  }
}
