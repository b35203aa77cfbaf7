package org.pinring.libp2p.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.LongPredicate;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.pinring.libp2p.Connection;
import org.pinring.libp2p.Host;
import org.pinring.libp2p.HostConfig;
import org.pinring.libp2p.HostListener;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.crypto.Ed25519PrivateKey;
import org.pinring.libp2p.record.SignedPeerRecord;
import org.pinring.libp2p.testing.Echo;
import org.pinring.libp2p.testing.JsPeer;
import org.pinring.libp2p.testing.ShapedTransport;
import org.pinring.libp2p.testing.TestHosts;
import org.pinring.libp2p.transport.TcpTransport;
import org.pinring.multiformats.Multiaddr;
import org.pinring.testkit.JsHarness;

/**
 * Interop with a real js-libp2p 3.x peer over TCP, Noise and yamux, in both directions: ping,
 * identify (signed peer records included), a 64 MiB echo each way, 100 concurrent streams,
 * rejection of a wrong peer ID, and a simultaneous dial in both directions. One js process serves
 * the whole class.
 */
@Tag("interop")
class JsLibp2pInteropTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final long BIG = 64L * 1024 * 1024;

  private static JsPeer js;
  private static Host host;
  private static Multiaddr hostAddress;

  @BeforeAll
  static void start() {
    js = JsPeer.start(JsHarness.require());
    host =
        TestHosts.host(
            HostConfig.defaults().withAgentVersion("pinring-test/1.0"), TcpTransport.create(2));
    host.setStreamHandler(Echo.PROTOCOL_ID, Echo.handler());
    List<Multiaddr> bound = host.listen(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))).join();
    hostAddress = bound.get(0).withPeerId(host.peerId().multihash());
  }

  @AfterAll
  static void stop() {
    if (host != null) {
      host.close();
    }
    if (js != null) {
      js.close();
    }
  }

  @Test
  void javaDialsJsAndPings() throws Exception {
    Connection connection = host.connect(js.address()).get(60, TimeUnit.SECONDS);
    assertThat(connection.remotePeer()).isEqualTo(js.peerId());

    Duration rtt = host.ping(js.peerId()).get(60, TimeUnit.SECONDS);

    assertThat(rtt).isPositive();
  }

  @Test
  void jsDialsJavaAndPings() {
    JsonNode result = js.call(JsPeer.command("ping").put("addr", hostAddress.toString()), TIMEOUT);
    assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
    assertThat(result.get("rttMillis").asDouble()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void eachSideIdentifiesTheOther() throws Exception {
    host.connect(js.address()).get(60, TimeUnit.SECONDS);
    awaitCondition(
        () -> host.peerstore().protocols(js.peerId()).contains("/ipfs/ping/1.0.0"),
        "java learns the js peer's protocols");
    assertThat(host.peerstore().protocols(js.peerId()))
        .contains("/ipfs/id/1.0.0", Echo.PROTOCOL_ID, "/perf/1.0.0");
    assertThat(host.peerstore().agentVersion(js.peerId()))
        .hasValueSatisfying(agent -> assertThat(agent).contains("js-libp2p"));
    assertThat(host.peerstore().addresses(js.peerId())).contains(js.address().withoutPeerId());
    assertThat(host.observedAddresses()).isNotEmpty();

    JsonNode info =
        js.call(JsPeer.command("peerInfo").put("peer", host.peerId().toString()), TIMEOUT);
    assertThat(info.get("ok").asBoolean()).as(info.toString()).isTrue();
    assertThat(texts(info.get("protocols")))
        .contains("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0", Echo.PROTOCOL_ID);
    assertThat(info.get("agentVersion").asText()).isEqualTo("pinring-test/1.0");
    assertThat(texts(info.get("addresses"))).contains(hostAddress.withoutPeerId().toString());
  }

  @Test
  void jsIdentifyRecordLandsCertifiedInOurPeerstore() throws Exception {
    host.connect(js.address()).get(60, TimeUnit.SECONDS);
    awaitCondition(
        () -> host.peerstore().peerRecord(js.peerId()).isPresent(),
        "java holds the js peer's signed record");

    SignedPeerRecord record = host.peerstore().peerRecord(js.peerId()).orElseThrow();
    assertThat(record.peerId()).isEqualTo(js.peerId());
    assertThat(record.envelope().signer()).isEqualTo(js.peerId());
    assertThat(record.record().addresses()).contains(js.address().withoutPeerId());
    assertThat(host.peerstore().certifiedAddresses(js.peerId()))
        .contains(js.address().withoutPeerId());
  }

  @Test
  void jsPeerStoreKeepsOurRecordAndTakesTheNewerOneAfterPush() throws Exception {
    host.connect(js.address()).get(60, TimeUnit.SECONDS);
    SignedPeerRecord ours = host.peerRecord().orElseThrow();
    JsonNode first = awaitJsRecord(seq -> Long.compareUnsigned(seq, ours.record().seq()) >= 0);

    assertThat(first.get("signer").asText()).isEqualTo(host.peerId().toString());
    assertThat(first.get("peerId").asText()).isEqualTo(host.peerId().toString());
    assertThat(texts(first.get("addresses"))).contains(hostAddress.withoutPeerId().toString());

    // A new listen address: identify push carries a record with a larger seq, which js keeps.
    Multiaddr added = host.listen(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))).join().get(0);
    SignedPeerRecord newer = host.peerRecord().orElseThrow();
    assertThat(newer.supersedes(ours)).isTrue();
    JsonNode second = awaitJsRecord(seq -> seq == newer.record().seq());

    assertThat(second.get("envelopeHex").asText())
        .isEqualTo(HexFormat.of().formatHex(newer.encode()));
    assertThat(texts(second.get("addresses")))
        .contains(added.toString(), hostAddress.withoutPeerId().toString());
    JsonNode info =
        js.call(JsPeer.command("peerInfo").put("peer", host.peerId().toString()), TIMEOUT);
    assertThat(texts(info.get("certifiedAddresses"))).contains(added.toString());
  }

  /** Polls js's peerStore until it holds our record with a seq that {@code accept}s. */
  private JsonNode awaitJsRecord(LongPredicate accept) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      JsonNode info =
          js.call(JsPeer.command("peerInfo").put("peer", host.peerId().toString()), TIMEOUT);
      assertThat(info.get("ok").asBoolean()).as(info.toString()).isTrue();
      JsonNode record = info.get("peerRecord");
      if (record != null
          && !record.isNull()
          && accept.test(Long.parseUnsignedLong(record.get("seq").asText()))) {
        return record;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "js never held the expected record of ours: " + info + "; " + js.diagnostics());
      }
      Thread.onSpinWait();
    }
  }

  @Test
  void javaEchoesSixtyFourMebibytesThroughJs() throws Exception {
    Connection connection = host.connect(js.address()).get(60, TimeUnit.SECONDS);
    awaitCondition(
        () -> host.peerstore().protocols(js.peerId()).contains(Echo.PROTOCOL_ID), "identify done");

    Echo.Result result = Echo.run(connection, BIG, 1).get(120, TimeUnit.SECONDS);

    assertThat(result.matches(BIG)).as(result.toString()).isTrue();
  }

  @Test
  void jsEchoesSixtyFourMebibytesThroughJava() {
    JsonNode result =
        js.call(
            JsPeer.command("echo").put("addr", hostAddress.toString()).put("bytes", BIG),
            Duration.ofMinutes(2));
    assertThat(result.get("ok").asBoolean()).as(result + js.diagnostics()).isTrue();
    assertThat(result.get("allMatch").asBoolean()).as(result.toString()).isTrue();
  }

  @Test
  void javaRunsAHundredConcurrentStreamsToJs() throws Exception {
    Connection connection = host.connect(js.address()).get(60, TimeUnit.SECONDS);
    awaitCondition(
        () -> host.peerstore().protocols(js.peerId()).contains(Echo.PROTOCOL_ID), "identify done");
    List<CompletableFuture<Echo.Result>> runs = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      runs.add(Echo.run(connection, 100_000, i));
    }
    int done = 0;
    for (CompletableFuture<Echo.Result> run : runs) {
      try {
        assertThat(run.get(120, TimeUnit.SECONDS).matches(100_000)).isTrue();
        done++;
      } catch (java.util.concurrent.TimeoutException e) {
        throw new AssertionError(done + " streams finished; " + js.diagnostics(), e);
      }
    }
    assertThat(host.connections(js.peerId())).hasSize(1);
  }

  @Test
  void jsRunsAHundredConcurrentStreamsToJava() {
    JsonNode result =
        js.call(
            JsPeer.command("echo")
                .put("addr", hostAddress.toString())
                .put("bytes", 100_000)
                .put("streams", 100),
            Duration.ofMinutes(2));
    assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
    assertThat(result.get("allMatch").asBoolean()).as(result.toString()).isTrue();
    assertThat(result.get("results")).hasSize(100);
  }

  @Test
  void jsRefusesJavaWhenItExpectsAnotherPeerId() {
    PeerId wrong = PeerId.fromPublicKey(Ed25519PrivateKey.fromSeed(new byte[32]).publicKey());
    Multiaddr wrongAddress = hostAddress.withoutPeerId().withPeerId(wrong.multihash());

    JsonNode result = js.call(JsPeer.command("dial").put("addr", wrongAddress.toString()), TIMEOUT);

    assertThat(result.get("ok").asBoolean()).as(result.toString()).isFalse();
  }

  @Test
  void javaRefusesJsWhenItExpectsAnotherPeerId() {
    PeerId wrong = PeerId.fromPublicKey(Ed25519PrivateKey.fromSeed(new byte[32]).publicKey());
    Multiaddr wrongAddress = js.address().withoutPeerId().withPeerId(wrong.multihash());

    assertThatThrownBy(() -> host.connect(wrongAddress).get(60, TimeUnit.SECONDS))
        .hasMessageContaining("authenticated as " + js.peerId());
  }

  @Test
  void crossDialWithJsSettlesOnOneConnection() throws Exception {
    // This host's dial waits until the js peer's dial towards it has connected, so both
    // connections exist at once.
    ShapedTransport.Gate gate = new ShapedTransport.Gate(2);
    try (Host crossing =
        TestHosts.host(
            HostConfig.defaults(),
            new ShapedTransport(TcpTransport.create(1)).gatedBy(gate).gateAccepts())) {
      AtomicInteger opened = new AtomicInteger();
      AtomicInteger closed = new AtomicInteger();
      crossing.addListener(counting(opened, closed));
      Multiaddr address =
          crossing
              .listen(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")))
              .join()
              .get(0)
              .withPeerId(crossing.peerId().multihash());

      CompletableFuture<Connection> javaDial = crossing.connect(js.address());
      CompletableFuture<JsonNode> jsDial =
          CompletableFuture.supplyAsync(
              () -> js.call(JsPeer.command("dial").put("addr", address.toString()), TIMEOUT));
      javaDial.get(60, TimeUnit.SECONDS);
      JsonNode dialled = jsDial.get(60, TimeUnit.SECONDS);
      assertThat(dialled.get("ok").asBoolean()).as(dialled.toString()).isTrue();

      awaitCondition(
          () ->
              crossing.connections(js.peerId()).size() == 1
                  && jsConnectionsTo(crossing.peerId()) == 1,
          "one connection left on each side");
      // Both connections were established, and one of them closed.
      assertThat(opened.get()).isEqualTo(2);
      awaitCondition(() -> closed.get() == 1, "the duplicate is closed");
      Connection kept = crossing.connections(js.peerId()).get(0);
      assertThat(kept.isOutbound()).isEqualTo(crossing.peerId().compareTo(js.peerId()) < 0);
      assertThat(crossing.ping(js.peerId()).get(60, TimeUnit.SECONDS)).isPositive();
      JsonNode ping = js.call(JsPeer.command("ping").put("addr", address.toString()), TIMEOUT);
      assertThat(ping.get("ok").asBoolean()).as(ping.toString()).isTrue();
      assertThat(crossing.connections(js.peerId())).containsExactly(kept);
    }
  }

  private static HostListener counting(AtomicInteger opened, AtomicInteger closed) {
    return new HostListener() {
      @Override
      public void onConnected(Connection connection) {
        opened.incrementAndGet();
      }

      @Override
      public void onDisconnected(Connection connection) {
        closed.incrementAndGet();
      }
    };
  }

  private static long jsConnectionsTo(PeerId peer) {
    JsonNode result = js.call(JsPeer.command("connections"), TIMEOUT);
    return StreamSupport.stream(result.get("peers").spliterator(), false)
        .filter(p -> p.asText().equals(peer.toString()))
        .count();
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  private static void awaitCondition(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what + "; " + js.diagnostics());
      }
      Thread.onSpinWait();
    }
  }
}
