package org.pinring.libp2p.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The RPC protobuf against js-libp2p gossipsub's encodings ({@code
 * interop/js/vectors/gossipsub.mjs}), round trips, mutations, limits and framing split at every
 * point.
 */
class RpcCodecTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final RpcLimits LIMITS = RpcLimits.defaults();

  static List<JsonNode> rpcVectors() {
    return JsGossipsubVectors.list("rpcs");
  }

  @ParameterizedTest
  @MethodSource("rpcVectors")
  void decodesWhatJsEncodesAndEncodesTheSameBytes(JsonNode vector) {
    byte[] encoded = HEX.parseHex(vector.get("encoded").asText());
    Rpc rpc = RpcCodec.decode(encoded, LIMITS);

    assertThat(describe(rpc).toString()).isEqualTo(normalise(vector.get("decoded")).toString());
    assertThat(HEX.formatHex(RpcCodec.encode(rpc))).isEqualTo(vector.get("encoded").asText());
  }

  @Property(tries = 300)
  void roundTrips(@ForAll("rpcs") Rpc rpc) {
    assertThat(RpcCodec.decode(RpcCodec.encode(rpc), LIMITS)).isEqualTo(rpc);
  }

  @Property(tries = 500)
  void mutatedInputFailsOnlyWithInvalidRpcException(
      @ForAll("rpcs") Rpc rpc, @ForAll("positions") int position, @ForAll byte value) {
    byte[] encoded = RpcCodec.encode(rpc);
    if (encoded.length == 0) {
      return;
    }
    encoded[Math.floorMod(position, encoded.length)] = value;
    try {
      RpcCodec.decode(encoded, LIMITS);
    } catch (InvalidRpcException expected) {
      // the declared failure
    }
  }

  @Property(tries = 200)
  void truncatedInputFailsOnlyWithInvalidRpcException(@ForAll("rpcs") Rpc rpc) {
    byte[] encoded = RpcCodec.encode(rpc);
    for (int length = 0; length < encoded.length; length++) {
      byte[] prefix = Arrays.copyOf(encoded, length);
      try {
        RpcCodec.decode(prefix, LIMITS);
      } catch (InvalidRpcException expected) {
        // the declared failure
      }
    }
  }

  @Property(tries = 100)
  void framesSplitAtEveryPointDecodeToTheSameRpcs(
      @ForAll("rpcs") Rpc first, @ForAll("rpcs") Rpc second) {
    byte[] a = RpcCodec.encodeFramed(first);
    byte[] b = RpcCodec.encodeFramed(second);
    byte[] stream = new byte[a.length + b.length];
    System.arraycopy(a, 0, stream, 0, a.length);
    System.arraycopy(b, 0, stream, a.length, b.length);
    for (int split = 0; split <= stream.length; split++) {
      RpcFrameDecoder decoder = new RpcFrameDecoder(LIMITS.maxRpcBytes());
      List<Rpc> out = new ArrayList<>();
      decoder.feed(
          ByteBuffer.wrap(stream, 0, split), body -> out.add(RpcCodec.decode(body, LIMITS)));
      decoder.feed(
          ByteBuffer.wrap(stream, split, stream.length - split),
          body -> out.add(RpcCodec.decode(body, LIMITS)));
      assertThat(out).containsExactly(first, second);
      assertThat(decoder.isIdle()).isTrue();
    }
  }

  @Test
  void framesFedOneByteAtATimeDecode() {
    Rpc rpc = sampleRpc();
    byte[] framed = RpcCodec.encodeFramed(rpc);
    RpcFrameDecoder decoder = new RpcFrameDecoder(LIMITS.maxRpcBytes());
    List<Rpc> out = new ArrayList<>();
    for (byte b : framed) {
      assertThat(out).isEmpty();
      decoder.feed(ByteBuffer.wrap(new byte[] {b}), body -> out.add(RpcCodec.decode(body, LIMITS)));
    }
    assertThat(out).containsExactly(rpc);
  }

  @Test
  void rejectsAFrameLongerThanTheLimitBeforeBufferingIt() {
    RpcFrameDecoder decoder = new RpcFrameDecoder(1024);
    // A prefix announcing 1 GiB: refused on the prefix alone.
    byte[] prefix = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x04};
    assertThatThrownBy(() -> decoder.feed(ByteBuffer.wrap(prefix), body -> {}))
        .isInstanceOf(InvalidRpcException.class)
        .hasMessageContaining("exceeds the limit of 1024");
  }

  @Test
  void rejectsAnOversizedRpcAndNonMinimalPrefixes() {
    assertThatThrownBy(() -> RpcCodec.decode(new byte[2048], LIMITS.withMaxRpcBytes(1024)))
        .isInstanceOf(InvalidRpcException.class);
    RpcFrameDecoder decoder = new RpcFrameDecoder(1024);
    assertThatThrownBy(
            () -> decoder.feed(ByteBuffer.wrap(new byte[] {(byte) 0x81, 0x00}), body -> {}))
        .isInstanceOf(InvalidRpcException.class)
        .hasMessageContaining("minimally");
  }

  /**
   * Length prefixes at the edges, each fed whole and one byte at a time: the limit itself and one
   * more, the largest five-byte prefix, a sixth prefix byte, and a prefix of continuation bytes
   * with a zero after (non-minimal).
   */
  @Test
  void craftedLengthPrefixesGiveTheSameResultWholeOrByteByByte() {
    int limit = 300; // two prefix bytes: ac 02
    assertThat(framesOf(new byte[] {(byte) 0xac, 0x02}, limit, 300)).containsExactly(300);
    for (byte[] prefix :
        new byte[][] {
          {(byte) 0xad, 0x02},
          {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f},
          {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01},
          {(byte) 0x80, (byte) 0x80, 0x00},
        }) {
      for (boolean byteByByte : new boolean[] {false, true}) {
        RpcFrameDecoder decoder = new RpcFrameDecoder(limit);
        assertThatThrownBy(() -> feed(decoder, prefix, byteByByte))
            .as(HexFormat.of().formatHex(prefix))
            .isInstanceOf(InvalidRpcException.class);
      }
    }
  }

  /**
   * A prefix alone must not make the decoder allocate the length it claims: four bytes announcing 1
   * MiB once allocated 1 MiB at once, so a peer opening the 512 streams a yamux session allows,
   * each with a pubsub prefix, held half a GiB of heap with a few kilobytes sent. Memory now
   * follows the bytes received, and the RPC still decodes when they all arrive.
   */
  @Test
  void aPrefixAloneDoesNotAllocateTheLengthItClaims() {
    int length = RpcLimits.DEFAULT_MAX_RPC_BYTES;
    RpcFrameDecoder decoder = new RpcFrameDecoder(length);
    byte[] prefix = {(byte) 0x80, (byte) 0x80, 0x40};
    List<byte[]> out = new ArrayList<>();
    decoder.feed(ByteBuffer.wrap(prefix), out::add);
    assertThat(decoder.heldBytes()).isLessThanOrEqualTo(RpcFrameDecoder.INITIAL_BODY_BYTES);

    decoder.feed(ByteBuffer.wrap(new byte[10_000]), out::add);
    assertThat(decoder.heldBytes()).isLessThanOrEqualTo(2 * 10_000);
    byte[] rest = new byte[length - 10_000];
    rest[rest.length - 1] = 7;
    decoder.feed(ByteBuffer.wrap(rest), out::add);
    assertThat(out).hasSize(1);
    assertThat(out.get(0)).hasSize(length);
    assertThat(out.get(0)[length - 1]).isEqualTo((byte) 7);
    assertThat(decoder.heldBytes()).isZero();
  }

  @Test
  void anEmptyRpcIsDeliveredAtOnce() {
    assertThat(framesOf(new byte[] {0, 0}, 10, 0)).containsExactly(0, 0);
  }

  private static List<Integer> framesOf(byte[] prefix, int limit, int bodyBytes) {
    byte[] input = Arrays.copyOf(prefix, prefix.length + bodyBytes);
    List<Integer> whole = new ArrayList<>();
    new RpcFrameDecoder(limit).feed(ByteBuffer.wrap(input), body -> whole.add(body.length));
    List<Integer> split = new ArrayList<>();
    RpcFrameDecoder decoder = new RpcFrameDecoder(limit);
    for (byte b : input) {
      decoder.feed(ByteBuffer.wrap(new byte[] {b}), body -> split.add(body.length));
    }
    assertThat(decoder.isIdle()).isTrue();
    assertThat(split).isEqualTo(whole);
    return whole;
  }

  private static void feed(RpcFrameDecoder decoder, byte[] input, boolean byteByByte) {
    if (!byteByByte) {
      decoder.feed(ByteBuffer.wrap(input), body -> {});
      return;
    }
    for (byte b : input) {
      decoder.feed(ByteBuffer.wrap(new byte[] {b}), body -> {});
    }
  }

  /**
   * Protobuf merges repeated occurrences of the singular control field. Merging them one by one
   * copied everything gathered so far each time: 250,000 control fields of one GRAFT each (4 bytes
   * apiece, under 1 MiB in all) meant some 6 * 10^10 element copies on the connection's thread.
   * They are now gathered once.
   */
  @Test
  void manyControlFieldsMergeInLinearTime() {
    int fields = 250_000;
    byte[] rpc = HEX.parseHex("1a021a00".repeat(fields));
    RpcLimits many =
        new RpcLimits(
            LIMITS.maxRpcBytes(),
            LIMITS.maxSubscriptions(),
            LIMITS.maxMessages(),
            LIMITS.maxIHaveMessageIds(),
            LIMITS.maxIWantMessageIds(),
            fields,
            LIMITS.maxPeerInfos(),
            LIMITS.maxTopicBytes(),
            LIMITS.maxMessageIdBytes());
    Rpc decoded =
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> RpcCodec.decode(rpc, many));
    assertThat(decoded.control().graft()).hasSize(fields);
    assertThat(decoded.control().ihave()).isEmpty();
  }

  @Test
  void enforcesCountLimits() {
    RpcLimits tight = new RpcLimits(1 << 20, 2, 2, 3, 3, 4, 1, 16, 8);
    List<Rpc.SubOpts> subs = List.of(sub("a"), sub("b"), sub("c"));
    assertThatThrownBy(
            () ->
                RpcCodec.decode(
                    RpcCodec.encode(new Rpc(subs, List.of(), Rpc.Control.EMPTY)), tight))
        .isInstanceOf(InvalidRpcException.class)
        .hasMessageContaining("subscriptions");
    List<MessageId> ids = List.of(id(1), id(2), id(3), id(4));
    Rpc ihave =
        Rpc.ofControl(
            new Rpc.Control(List.of(new Rpc.IHave("t", ids)), List.of(), List.of(), List.of()));
    assertThatThrownBy(() -> RpcCodec.decode(RpcCodec.encode(ihave), tight))
        .isInstanceOf(InvalidRpcException.class)
        .hasMessageContaining("IHAVE");
    Rpc longTopic = new Rpc(List.of(sub("x".repeat(17))), List.of(), Rpc.Control.EMPTY);
    assertThatThrownBy(() -> RpcCodec.decode(RpcCodec.encode(longTopic), tight))
        .isInstanceOf(InvalidRpcException.class);
    Rpc longId =
        Rpc.ofControl(
            new Rpc.Control(
                List.of(),
                List.of(new Rpc.IWant(List.of(MessageId.of(new byte[9])))),
                List.of(),
                List.of()));
    assertThatThrownBy(() -> RpcCodec.decode(RpcCodec.encode(longId), tight))
        .isInstanceOf(InvalidRpcException.class);
  }

  @Test
  void skipsUnknownFieldsSuchAsIDontWant() {
    // control { idontwant (field 5) { messageIDs: 0x01 } }
    byte[] encoded = HEX.parseHex("1a052a030a0101");
    assertThat(RpcCodec.decode(encoded, LIMITS)).isEqualTo(Rpc.EMPTY);
  }

  // ---- generators and helpers ----

  @Provide
  Arbitrary<Integer> positions() {
    return Arbitraries.integers().between(0, 1 << 16);
  }

  @Provide
  Arbitrary<Rpc> rpcs() {
    Arbitrary<String> topics = Arbitraries.strings().ofMinLength(0).ofMaxLength(20);
    Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
    Arbitrary<byte[]> optionalBytes = bytes.injectNull(0.3);
    Arbitrary<MessageId> ids =
        Arbitraries.bytes().array(byte[].class).ofMaxSize(48).map(MessageId::of);
    Arbitrary<Rpc.SubOpts> subs =
        Combinators.combine(Arbitraries.of(true, false), topics).as(Rpc.SubOpts::new);
    Arbitrary<RawMessage> messages =
        Combinators.combine(
                optionalBytes, optionalBytes, optionalBytes, topics, optionalBytes, optionalBytes)
            .as(RawMessage::new);
    Arbitrary<Rpc.IHave> ihave =
        Combinators.combine(topics, ids.list().ofMaxSize(4)).as(Rpc.IHave::new);
    Arbitrary<Rpc.IWant> iwant = ids.list().ofMaxSize(4).map(Rpc.IWant::new);
    Arbitrary<Rpc.Graft> graft = topics.map(Rpc.Graft::new);
    Arbitrary<Rpc.PeerInfo> info =
        Combinators.combine(optionalBytes, optionalBytes).as(Rpc.PeerInfo::new);
    Arbitrary<OptionalLong> backoff =
        Arbitraries.longs()
            .greaterOrEqual(0)
            .map(OptionalLong::of)
            .injectNull(0.3)
            .map(o -> o == null ? OptionalLong.empty() : o);
    Arbitrary<Rpc.Prune> prune =
        Combinators.combine(topics, info.list().ofMaxSize(3), backoff).as(Rpc.Prune::new);
    Arbitrary<Rpc.Control> control =
        Combinators.combine(
                ihave.list().ofMaxSize(2),
                iwant.list().ofMaxSize(2),
                graft.list().ofMaxSize(2),
                prune.list().ofMaxSize(2))
            .as(Rpc.Control::new);
    return Combinators.combine(subs.list().ofMaxSize(3), messages.list().ofMaxSize(3), control)
        .as(Rpc::new);
  }

  static Rpc sampleRpc() {
    RawMessage m =
        new RawMessage(new byte[] {1}, new byte[300], new byte[8], "topic", new byte[64], null);
    return new Rpc(
        List.of(sub("topic")),
        List.of(m),
        new Rpc.Control(
            List.of(new Rpc.IHave("topic", List.of(id(1)))),
            List.of(new Rpc.IWant(List.of(id(2)))),
            List.of(new Rpc.Graft("topic")),
            List.of(new Rpc.Prune("topic", List.of(), OptionalLong.of(60)))));
  }

  private static Rpc.SubOpts sub(String topic) {
    return new Rpc.SubOpts(true, topic);
  }

  private static MessageId id(int n) {
    return MessageId.of(new byte[] {(byte) n});
  }

  /** The js description format, from a decoded Java RPC. */
  private static JsonNode describe(Rpc rpc) {
    var json = JsGossipsubVectors.JSON;
    var root = json.createObjectNode();
    var subs = root.putArray("subscriptions");
    rpc.subscriptions()
        .forEach(s -> subs.addObject().put("subscribe", s.subscribe()).put("topic", s.topic()));
    var messages = root.putArray("messages");
    for (RawMessage m : rpc.messages()) {
      var node = messages.addObject();
      node.put("from", hex(m.from())).put("data", hex(m.data())).put("seqno", hex(m.seqno()));
      node.put("topic", m.topic()).put("signature", hex(m.signature())).put("key", hex(m.key()));
    }
    if (rpc.control().isEmpty()) {
      root.putNull("control");
      return root;
    }
    var control = root.putObject("control");
    var ihave = control.putArray("ihave");
    rpc.control()
        .ihave()
        .forEach(
            i -> {
              var node = ihave.addObject().put("topic", i.topic());
              var ids = node.putArray("ids");
              i.messageIds().forEach(id -> ids.add(id.toString()));
            });
    var iwant = control.putArray("iwant");
    rpc.control()
        .iwant()
        .forEach(
            i -> {
              var ids = iwant.addObject().putArray("ids");
              i.messageIds().forEach(id -> ids.add(id.toString()));
            });
    var graft = control.putArray("graft");
    rpc.control().graft().forEach(g -> graft.addObject().put("topic", g.topic()));
    var prune = control.putArray("prune");
    for (Rpc.Prune p : rpc.control().prune()) {
      var node = prune.addObject().put("topic", p.topic());
      var peers = node.putArray("peers");
      p.peers()
          .forEach(
              x ->
                  peers
                      .addObject()
                      .put("peerId", hex(x.peerId()))
                      .put("signedPeerRecord", hex(x.signedPeerRecord())));
      if (p.backoffSeconds().isPresent()) {
        node.put("backoff", p.backoffSeconds().getAsLong());
      } else {
        node.putNull("backoff");
      }
    }
    return root;
  }

  /** js leaves absent optional strings and bools null; Java reads them as proto3 defaults. */
  private static JsonNode normalise(JsonNode js) {
    var copy = js.deepCopy();
    copy.get("subscriptions")
        .forEach(
            s -> {
              var o = (com.fasterxml.jackson.databind.node.ObjectNode) s;
              if (o.get("subscribe").isNull()) {
                o.put("subscribe", false);
              }
              if (o.get("topic").isNull()) {
                o.put("topic", "");
              }
            });
    return copy;
  }

  private static String hex(byte[] bytes) {
    return bytes == null ? null : HEX.formatHex(bytes);
  }
}
