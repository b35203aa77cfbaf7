package org.pinring.libp2p.internal.mss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MultistreamNegotiationTest {

  private final ByteBuf in = Unpooled.buffer();
  private final ByteBuf out = Unpooled.buffer();

  @AfterEach
  void release() {
    in.release();
    out.release();
  }

  @Test
  void initiatorSendsHeaderAndProposalInOneWrite() {
    MultistreamNegotiation.initiator(List.of("/noise")).start(out);

    // Spec example bytes: varint length (including the newline), text, newline.
    assertThat(ByteBufUtil.hexDump(out))
        .isEqualTo("13" + hex("/multistream/1.0.0\n") + "07" + hex("/noise\n"));
  }

  @Test
  void responderAcceptsASupportedProtocolArrivingWithTheHeaderAndKeepsWhatFollows()
      throws MultistreamException {
    MultistreamNegotiation responder = MultistreamNegotiation.responder(Set.of("/noise")::contains);
    responder.start(out);
    MultistreamNegotiation.write(in, MultistreamNegotiation.HEADER);
    MultistreamNegotiation.write(in, "/noise");
    in.writeBytes(new byte[] {9, 9});

    responder.onData(in, out);

    assertThat(responder.selected()).isEqualTo("/noise");
    assertThat(in.readableBytes()).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8)).endsWith("/noise\n");
  }

  @Test
  void initiatorFallsBackAfterNaAndFailsWhenNothingIsLeft() throws MultistreamException {
    MultistreamNegotiation initiator = MultistreamNegotiation.initiator(List.of("/a", "/b"));
    initiator.start(out);
    MultistreamNegotiation.write(in, MultistreamNegotiation.HEADER);
    MultistreamNegotiation.write(in, "na");
    out.clear();

    initiator.onData(in, out);

    assertThat(initiator.isDone()).isFalse();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("\u0003/b\n");
    MultistreamNegotiation.write(in, "na");
    assertThatThrownBy(() -> initiator.onData(in, out))
        .isInstanceOf(MultistreamException.class)
        .matches(e -> ((MultistreamException) e).unsupported());
  }

  @Test
  void responderAnswersLsAndUnknownProtocolsWithNa() throws MultistreamException {
    MultistreamNegotiation responder = MultistreamNegotiation.responder("/x"::equals);
    MultistreamNegotiation.write(in, MultistreamNegotiation.HEADER);
    MultistreamNegotiation.write(in, "ls");
    MultistreamNegotiation.write(in, "/y");
    MultistreamNegotiation.write(in, "/x");

    responder.onData(in, out);

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("\u0003na\n\u0003na\n\u0003/x\n");
    assertThat(responder.selected()).isEqualTo("/x");
  }

  @Test
  void responderGivesUpAfterTooManyRefusals() {
    MultistreamNegotiation responder = MultistreamNegotiation.responder(p -> false);
    MultistreamNegotiation.write(in, MultistreamNegotiation.HEADER);
    for (int i = 0; i <= MultistreamNegotiation.MAX_REFUSALS; i++) {
      MultistreamNegotiation.write(in, "/p" + i);
    }
    assertThatThrownBy(() -> responder.onData(in, out)).isInstanceOf(MultistreamException.class);
  }

  @Test
  void rejectsOverlongMessagesBeforeBufferingThem() {
    MultistreamNegotiation responder = MultistreamNegotiation.responder(p -> true);
    in.writeByte(0x81).writeByte(0x08); // 1025
    assertThatThrownBy(() -> responder.onData(in, out))
        .isInstanceOf(MultistreamException.class)
        .hasMessageContaining("1025");
    in.clear().writeByte(0x80).writeByte(0x80).writeByte(0x01);
    assertThatThrownBy(() -> responder.onData(in, out)).isInstanceOf(MultistreamException.class);
  }

  @Test
  void rejectsAWrongHeaderAMissingNewlineAndBadUtf8() {
    MultistreamNegotiation.write(in, "/multistream/2.0.0");
    assertThatThrownBy(() -> MultistreamNegotiation.responder(p -> true).onData(in, out))
        .hasMessageContaining("expected /multistream/1.0.0");
    in.clear().writeByte(3).writeBytes("abc".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> MultistreamNegotiation.responder(p -> true).onData(in, out))
        .hasMessageContaining("newline");
    in.clear().writeByte(3).writeByte(0xff).writeByte(0xfe).writeByte('\n');
    assertThatThrownBy(() -> MultistreamNegotiation.responder(p -> true).onData(in, out))
        .hasMessageContaining("UTF-8");
  }

  @Property(tries = 100)
  void negotiationSucceedsWithInputSplitAtEveryPoint(@ForAll @IntRange(min = 1, max = 40) int chunk)
      throws MultistreamException {
    ByteBuf wire = Unpooled.buffer();
    MultistreamNegotiation.initiator(List.of("/a/1", "/b/2")).start(wire);
    MultistreamNegotiation responder = MultistreamNegotiation.responder("/b/2"::equals);
    ByteBuf input = Unpooled.buffer();
    ByteBuf replies = Unpooled.buffer();
    try {
      // The initiator's first proposal is refused; then it proposes /b/2.
      MultistreamNegotiation.write(wire, "/b/2");
      while (wire.isReadable() && !responder.isDone()) {
        input.writeBytes(wire, Math.min(chunk, wire.readableBytes()));
        responder.onData(input, replies);
      }
      assertThat(responder.selected()).isEqualTo("/b/2");
    } finally {
      wire.release();
      input.release();
      replies.release();
    }
  }

  @Property(tries = 300)
  void arbitraryInputFailsOnlyWithMultistreamException(@ForAll @Size(max = 64) byte[] garbage) {
    ByteBuf input = Unpooled.wrappedBuffer(garbage);
    ByteBuf replies = Unpooled.buffer();
    try {
      MultistreamNegotiation.responder(p -> true).onData(input, replies);
    } catch (MultistreamException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    } finally {
      input.release();
      replies.release();
    }
  }

  private static String hex(String text) {
    return ByteBufUtil.hexDump(text.getBytes(StandardCharsets.UTF_8));
  }
}
