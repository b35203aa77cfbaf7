package org.pinring.libp2p.internal.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.crypto.Ed25519PrivateKey;
import org.pinring.libp2p.crypto.PrivateKey;
import org.pinring.runtime.SeededRandom;

/** The libp2p Noise handshake and transport framing between two in-process peers. */
class NoiseHandshakeTest {

  private static final ByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;
  private final SeededRandom random = SeededRandom.fromSeed(42);
  private final PrivateKey alice = Ed25519PrivateKey.fromSeed(seed(1));
  private final PrivateKey bob = Ed25519PrivateKey.fromSeed(seed(2));

  @Test
  void bothSidesAuthenticateEachOtherAndAgreeOnTheMuxer() throws NoiseException {
    Pair pair = handshake(PeerId.fromPublicKey(bob.publicKey()), 0);

    assertThat(pair.initiator.session().remotePeer())
        .isEqualTo(PeerId.fromPublicKey(bob.publicKey()));
    assertThat(pair.responder.session().remotePeer())
        .isEqualTo(PeerId.fromPublicKey(alice.publicKey()));
    assertThat(pair.initiator.session().negotiatedMuxer()).contains("/yamux/1.0.0");
    assertThat(pair.responder.session().negotiatedMuxer()).contains("/yamux/1.0.0");
  }

  @Property(tries = 30)
  void handshakeSucceedsWithInputSplitAnywhere(@ForAll @IntRange(min = 1, max = 200) int chunk)
      throws NoiseException {
    Pair pair = handshake(null, chunk);
    assertThat(pair.initiator.isComplete()).isTrue();
    assertThat(pair.responder.isComplete()).isTrue();
  }

  @Test
  void initiatorRejectsAResponderThatIsNotTheDialledPeer() {
    PeerId someoneElse = PeerId.fromPublicKey(Ed25519PrivateKey.fromSeed(seed(3)).publicKey());
    assertThatThrownBy(() -> handshake(someoneElse, 0))
        .isInstanceOf(NoiseException.class)
        .hasMessageContaining("authenticated as");
  }

  @Test
  void transportFramesRoundTripAndTamperingIsDetected() throws NoiseException {
    Pair pair = handshake(null, 0);
    NoiseFrameCodec sender = new NoiseFrameCodec(pair.initiator.session(), ALLOC);
    NoiseFrameCodec receiver = new NoiseFrameCodec(pair.responder.session(), ALLOC);
    byte[] data = new byte[70_000];
    random.nextBytes(data);

    ByteBuf frames = sender.encrypt(Unpooled.wrappedBuffer(data));
    // 70000 bytes need 2 frames of at most 65519 plaintext bytes, each with length and tag.
    assertThat(frames.readableBytes()).isEqualTo(data.length + 2 * 18);
    List<ByteBuf> out = new ArrayList<>();
    // One byte at a time: the codec holds at most one partial frame.
    while (frames.isReadable()) {
      receiver.decrypt(frames.readRetainedSlice(1), out);
    }
    frames.release();
    ByteBuf joined = Unpooled.wrappedBuffer(out.toArray(ByteBuf[]::new));
    byte[] received = new byte[joined.readableBytes()];
    joined.readBytes(received);
    joined.release();
    assertThat(received).isEqualTo(data);

    ByteBuf next = sender.encrypt(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
    next.setByte(5, next.getByte(5) ^ 1);
    assertThatThrownBy(() -> receiver.decrypt(next, new ArrayList<>()))
        .isInstanceOf(NoiseException.class);
  }

  @Test
  void rejectsFramesShorterThanTheTag() throws NoiseException {
    Pair pair = handshake(null, 0);
    NoiseFrameCodec receiver = new NoiseFrameCodec(pair.responder.session(), ALLOC);
    ByteBuf frame = Unpooled.buffer().writeShort(15).writeZero(15);
    assertThatThrownBy(() -> receiver.decrypt(frame, new ArrayList<>()))
        .isInstanceOf(NoiseException.class)
        .hasMessageContaining("shorter than its tag");
  }

  /**
   * Handshake messages too short for their keys and tags, of length zero up to the shortest valid
   * one minus a byte, or of garbage at the largest length, fail with NoiseException on either side.
   */
  @Test
  void shortAndGarbageHandshakeMessagesFailWithNoiseException() throws NoiseException {
    for (int length : new int[] {0, 1, 31, 95, 65535}) {
      NoiseHandshake responder = fresh(false);
      ByteBuf first = Unpooled.buffer().writeShort(length).writeZero(length);
      if (length < 32) {
        assertThatThrownBy(() -> responder.onData(first, ALLOC))
            .as("first message of %d bytes", length)
            .isInstanceOf(NoiseException.class);
      }
      first.release();

      NoiseHandshake initiator = fresh(true);
      initiator.start(ALLOC).release();
      ByteBuf second = Unpooled.buffer().writeShort(length).writeBytes(garbage(length));
      assertThatThrownBy(() -> initiator.onData(second, ALLOC))
          .as("second message of %d bytes", length)
          .isInstanceOf(NoiseException.class);
      second.release();
    }
  }

  private NoiseHandshake fresh(boolean initiator) {
    return new NoiseHandshake(
        AeadFactory.best(),
        initiator,
        initiator ? alice : bob,
        X25519KeyPair.generate(random),
        X25519KeyPair.generate(random),
        List.of("/yamux/1.0.0"),
        null);
  }

  private byte[] garbage(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private record Pair(NoiseHandshake initiator, NoiseHandshake responder) {}

  /** Runs a handshake, delivering bytes in chunks of {@code chunk} (0: whole writes). */
  private Pair handshake(PeerId expected, int chunk) throws NoiseException {
    AeadFactory aead = AeadFactory.best();
    NoiseHandshake initiator =
        new NoiseHandshake(
            aead,
            true,
            alice,
            X25519KeyPair.generate(random),
            X25519KeyPair.generate(random),
            List.of("/yamux/1.0.0"),
            expected);
    NoiseHandshake responder =
        new NoiseHandshake(
            aead,
            false,
            bob,
            X25519KeyPair.generate(random),
            X25519KeyPair.generate(random),
            List.of("/mplex/6.7.0", "/yamux/1.0.0"),
            null);
    assertThat(responder.start(ALLOC)).isNull();
    ByteBuf toResponder = initiator.start(ALLOC);
    ByteBuf responderInput = Unpooled.buffer();
    ByteBuf initiatorInput = Unpooled.buffer();
    try {
      while (toResponder != null) {
        ByteBuf toInitiator = feed(responder, responderInput, toResponder, chunk);
        if (toInitiator == null) {
          break;
        }
        toResponder = feed(initiator, initiatorInput, toInitiator, chunk);
      }
    } finally {
      responderInput.release();
      initiatorInput.release();
    }
    return new Pair(initiator, responder);
  }

  private static ByteBuf feed(NoiseHandshake side, ByteBuf input, ByteBuf data, int chunk)
      throws NoiseException {
    ByteBuf reply = null;
    try {
      while (data.isReadable()) {
        int n = chunk == 0 ? data.readableBytes() : Math.min(chunk, data.readableBytes());
        input.writeBytes(data, n);
        ByteBuf out = side.onData(input, ALLOC);
        if (out != null) {
          reply = out;
        }
      }
    } finally {
      data.release();
    }
    return reply;
  }

  private static byte[] seed(int value) {
    byte[] seed = new byte[32];
    seed[0] = (byte) value;
    return seed;
  }
}
