package org.pinring.node.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's HTTP API on the JDK's {@link HttpServer} (decision 38): a thread per request from a
 * bounded pool, bodies streamed in both directions. Routes are in {@link ApiRoutes}; this class
 * binds, authenticates and turns failures into JSON errors ({@code {"message": ...}}).
 *
 * <p>Bound to a loopback address, requests need no credentials (as kubo's API); bound anywhere
 * else, every request must carry {@code Authorization: Bearer <api.token>}.
 */
final class HttpApi implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HttpApi.class);

  /** Requests served at once; more wait in the server's queue. */
  static final int MAX_CONCURRENT_REQUESTS = 16;

  /** How much of a refused request's unread body is read so that its client sees the error. */
  static final long MAX_DRAINED_ON_ERROR = 64L << 20;

  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService threads;
  private final URI url;

  private HttpApi(HttpServer server, ExecutorService threads, URI url) {
    this.server = server;
    this.threads = threads;
    this.url = url;
  }

  /**
   * Binds {@code hostPort} (e.g. {@code 127.0.0.1:5311}; port 0 picks a free one) and serves.
   *
   * @throws IOException if the address cannot be bound
   */
  static HttpApi start(String hostPort, ApiToken token, NodeApi node) throws IOException {
    int colon = hostPort.lastIndexOf(':');
    String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
    int port = Integer.parseInt(hostPort.substring(colon + 1));
    InetAddress address = InetAddress.getByName(host);
    boolean loopback = address.isLoopbackAddress();
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(address, port), 64);
    } catch (IOException e) {
      throw new IOException("cannot bind the HTTP API to " + hostPort + ": " + e.getMessage(), e);
    }
    AtomicInteger count = new AtomicInteger();
    ExecutorService threads =
        Executors.newFixedThreadPool(
            MAX_CONCURRENT_REQUESTS,
            runnable -> {
              Thread thread = new Thread(runnable, "pinring-api-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(threads);
    ApiRoutes routes = new ApiRoutes(node);
    server.createContext(
        "/",
        exchange -> {
          // The exchange is closed after the catch clauses, which may still answer with an error.
          try {
            if (!loopback
                && !token.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
              error(exchange, 401, "this API needs Authorization: Bearer <token from api.token>");
              return;
            }
            routes.handle(exchange);
          } catch (ApiException e) {
            error(exchange, e.status(), e.getMessage());
          } catch (RuntimeException | IOException e) {
            log.warn("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            error(exchange, 500, e.getMessage() == null ? e.toString() : e.getMessage());
          } finally {
            exchange.close();
          }
        });
    server.start();
    String shownHost =
        address.getHostAddress().contains(":")
            ? "[" + address.getHostAddress() + "]"
            : address.getHostAddress();
    URI url = URI.create("http://" + shownHost + ":" + server.getAddress().getPort());
    return new HttpApi(server, threads, url);
  }

  URI url() {
    return url;
  }

  /**
   * Writes a JSON error, unless the response has already started (then the body just ends).
   *
   * <p>A client still sending its request body (an upload refused early, or failing part way) would
   * see the connection reset instead of the message if the server answered and closed: up to {@link
   * #MAX_DRAINED_ON_ERROR} bytes of what is left are read and dropped first. Not for a 401: an
   * unauthenticated client gets no reading of its body.
   */
  static void error(HttpExchange exchange, int status, String message) {
    try {
      if (exchange.getResponseCode() != -1) {
        return;
      }
      if (status != 401) {
        drainBounded(exchange.getRequestBody());
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("message", message);
      body.put("status", status);
      sendJson(exchange, status, body);
    } catch (IOException e) {
      log.debug("could not send an error response: {}", e.getMessage());
    }
  }

  static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Query parameters, in order; repeated keys keep every value. */
  static Map<String, List<String>> query(HttpExchange exchange) {
    return query(exchange.getRequestURI().getRawQuery());
  }

  /**
   * The parameters of a raw (percent-encoded) query string, which may be null.
   *
   * @throws ApiException (400) for a malformed percent escape such as {@code %zz} or a trailing
   *     {@code %}, which the client sent and must fix (not a server error)
   */
  static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&", -1)) {
      int eq = pair.indexOf('=');
      String key = percentDecode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : percentDecode(pair.substring(eq + 1));
      out.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return out;
  }

  private static String percentDecode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "malformed percent escape in the query: " + e.getMessage());
    }
  }

  private static void drainBounded(InputStream in) {
    try {
      byte[] buffer = new byte[64 * 1024];
      long left = MAX_DRAINED_ON_ERROR;
      while (left > 0) {
        int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (read < 0) {
          return;
        }
        left -= read;
      }
    } catch (IOException e) {
      log.debug("could not read the rest of a refused request: {}", e.getMessage());
    }
  }

  static void drain(InputStream in) throws IOException {
    in.transferTo(OutputStream.nullOutputStream());
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
