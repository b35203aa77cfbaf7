package org.pinring.libp2p.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.pinring.libp2p.PeerId;
import org.pinring.multiformats.Multiaddr;
import org.pinring.testkit.JsHarness;
import org.pinring.testkit.JsProcess;

/** A js-libp2p peer ({@code interop/js/peer/libp2p-peer.mjs}) driven over its JSON lines. */
public final class JsPeer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration STARTUP = Duration.ofSeconds(60);

  private final JsProcess process;
  private final PeerId peerId;
  private final List<Multiaddr> addresses;
  private final AtomicInteger nextId = new AtomicInteger();

  private JsPeer(JsProcess process, JsonNode ready) {
    this.process = process;
    this.peerId = PeerId.parse(ready.get("peerId").asText());
    List<Multiaddr> addrs = new ArrayList<>();
    ready.get("addrs").forEach(a -> addrs.add(Multiaddr.parse(a.asText())));
    this.addresses = List.copyOf(addrs);
  }

  /** Starts a peer listening on a loopback TCP port and waits until it is ready. */
  public static JsPeer start(JsHarness js) {
    return start(js, "--listen", "/ip4/127.0.0.1/tcp/0");
  }

  /** Starts a peer that also runs js-libp2p gossipsub (its {@code --gossipsub} option). */
  public static JsPeer startWithGossipsub(JsHarness js) {
    return start(js, "--listen", "/ip4/127.0.0.1/tcp/0", "--gossipsub");
  }

  /**
   * Starts a gossipsub peer that prunes with peer exchange from a mesh of one peer (its {@code
   * --gossipsub-px-hub} option): any further GRAFT is answered with PRUNE and PX.
   */
  public static JsPeer startPeerExchangeHub(JsHarness js) {
    return start(js, "--listen", "/ip4/127.0.0.1/tcp/0", "--gossipsub", "--gossipsub-px-hub");
  }

  private static JsPeer start(JsHarness js, String... args) {
    JsProcess process = js.start("peer/libp2p-peer.mjs", args);
    try {
      return new JsPeer(process, parse(process.awaitLine(isType("ready"), STARTUP)));
    } catch (RuntimeException | AssertionError e) {
      process.close();
      throw e;
    }
  }

  public PeerId peerId() {
    return peerId;
  }

  /** The full listen address, with {@code /p2p/<id>}. */
  public Multiaddr address() {
    return addresses.get(0);
  }

  /**
   * Runs a command and returns its result object.
   *
   * @throws AssertionError if no result arrives within {@code timeout}
   */
  public JsonNode call(ObjectNode command, Duration timeout) {
    int id = nextId.incrementAndGet();
    command.put("id", id);
    process.send(command.toString());
    return parse(
        process.awaitLine(
            line -> {
              JsonNode node = parse(line);
              return node.path("type").asText().equals("result") && node.path("id").asInt() == id;
            },
            timeout));
  }

  /** A new command object {@code {"cmd": name}}. */
  public static ObjectNode command(String name) {
    return JSON.createObjectNode().put("cmd", name);
  }

  /** Waits for an event line of {@code type} that {@code filter} accepts. */
  public JsonNode awaitEvent(String type, Predicate<JsonNode> filter, Duration timeout) {
    return parse(
        process.awaitLine(
            line -> {
              JsonNode node = parse(line);
              return node.path("type").asText().equals(type) && filter.test(node);
            },
            timeout));
  }

  public String diagnostics() {
    return process.diagnostics();
  }

  @Override
  public void close() {
    process.close();
  }

  private static Predicate<String> isType(String type) {
    return line -> parse(line).path("type").asText().equals(type);
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + line, e);
    }
  }
}
