package org.pinring.libp2p.internal.mss;

import io.netty.buffer.ByteBuf;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * multistream-select 1.0 (libp2p/specs connections, "Protocol Negotiation"; multiformats
 * multistream-select). Each message is a varint length, then the UTF-8 text ending in {@code \n}.
 * Both sides send the header {@code /multistream/1.0.0}; the initiator proposes protocols one at a
 * time, the responder echoes the one it accepts or answers {@code na}.
 *
 * <p>A plain state machine over buffers: {@link #start} and {@link #onData} write what to send into
 * the given output buffer; input that follows the final message stays in the input buffer for the
 * selected protocol. The header and a proposal may arrive in one read, or one byte at a time. The
 * listing command {@code ls} is answered with {@code na} (the spec allows not supporting it). Not
 * thread-safe.
 */
public final class MultistreamNegotiation {

  /** The protocol id of multistream-select itself, sent first by both sides. */
  public static final String HEADER = "/multistream/1.0.0";

  /** The refusal message. */
  public static final String NA = "na";

  /** Bound on one message, newline included; longer messages fail before they are buffered. */
  public static final int MAX_MESSAGE_BYTES = 1024;

  /** Bound on proposals a responder refuses before giving up on the stream. */
  public static final int MAX_REFUSALS = 32;

  private final boolean initiator;
  private final List<String> proposals;
  private final Predicate<String> supported;
  private boolean headerReceived;
  private int nextProposal;
  private int refusals;
  private String selected;

  private MultistreamNegotiation(
      boolean initiator, List<String> proposals, Predicate<String> supported) {
    this.initiator = initiator;
    this.proposals = proposals;
    this.supported = supported;
  }

  /** The dialling side: proposes {@code protocols} in order until one is accepted. */
  public static MultistreamNegotiation initiator(List<String> protocols) {
    if (protocols.isEmpty()) {
      throw new IllegalArgumentException("at least one protocol must be proposed");
    }
    for (String protocol : protocols) {
      checkLength(protocol);
    }
    return new MultistreamNegotiation(true, List.copyOf(protocols), p -> false);
  }

  /** The listening side: accepts the first proposal for which {@code supported} holds. */
  public static MultistreamNegotiation responder(Predicate<String> supported) {
    return new MultistreamNegotiation(false, List.of(), Objects.requireNonNull(supported));
  }

  /**
   * Writes the opening messages: the header, and for the initiator its first proposal in the same
   * write (saving a round trip, as the spec permits).
   */
  public void start(ByteBuf out) {
    write(out, HEADER);
    if (initiator) {
      write(out, proposals.get(nextProposal));
    }
  }

  /**
   * Consumes complete messages from {@code in} until negotiation ends or input runs out, writing
   * replies and further proposals into {@code out}.
   *
   * @throws MultistreamException if input is malformed or no protocol is agreed
   */
  public void onData(ByteBuf in, ByteBuf out) throws MultistreamException {
    while (selected == null) {
      String message = read(in);
      if (message == null) {
        return;
      }
      if (!headerReceived) {
        if (!message.equals(HEADER)) {
          throw new MultistreamException("expected " + HEADER + ", got '" + message + "'", false);
        }
        headerReceived = true;
      } else if (initiator) {
        onResponse(message, out);
      } else {
        onProposal(message, out);
      }
    }
  }

  /** True once a protocol has been agreed. */
  public boolean isDone() {
    return selected != null;
  }

  /** The agreed protocol, or null while negotiating. */
  public String selected() {
    return selected;
  }

  private void onResponse(String message, ByteBuf out) throws MultistreamException {
    String proposed = proposals.get(nextProposal);
    if (message.equals(proposed)) {
      selected = proposed;
    } else if (message.equals(NA)) {
      nextProposal++;
      if (nextProposal == proposals.size()) {
        throw new MultistreamException("remote supports none of " + proposals, true);
      }
      write(out, proposals.get(nextProposal));
    } else {
      throw new MultistreamException(
          "proposed '" + proposed + "' but the remote answered '" + message + "'", false);
    }
  }

  private void onProposal(String message, ByteBuf out) throws MultistreamException {
    if (!message.equals("ls") && supported.test(message)) {
      write(out, message);
      selected = message;
      return;
    }
    if (++refusals > MAX_REFUSALS) {
      throw new MultistreamException("refused " + MAX_REFUSALS + " proposals, giving up", true);
    }
    write(out, NA);
  }

  /** Writes one message: varint length, text, newline. */
  static void write(ByteBuf out, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int length = bytes.length + 1;
    while ((length & ~0x7f) != 0) {
      out.writeByte((length & 0x7f) | 0x80);
      length >>>= 7;
    }
    out.writeByte(length);
    out.writeBytes(bytes);
    out.writeByte('\n');
  }

  /** Reads one complete message without its newline, or returns null and consumes nothing. */
  static String read(ByteBuf in) throws MultistreamException {
    int start = in.readerIndex();
    int length = 0;
    int headerBytes = 0;
    while (true) {
      if (headerBytes == in.readableBytes()) {
        return null;
      }
      int b = in.getUnsignedByte(start + headerBytes);
      length |= (b & 0x7f) << (7 * headerBytes);
      headerBytes++;
      if ((b & 0x80) == 0) {
        break;
      }
      if (headerBytes == 2) {
        // Two varint bytes already exceed MAX_MESSAGE_BYTES when a third follows.
        throw new MultistreamException(
            "multistream message longer than " + MAX_MESSAGE_BYTES + " bytes", false);
      }
    }
    if (length == 0 || length > MAX_MESSAGE_BYTES) {
      throw new MultistreamException(
          "multistream message of " + length + " bytes (1.." + MAX_MESSAGE_BYTES + " allowed)",
          false);
    }
    if (in.readableBytes() < headerBytes + length) {
      return null;
    }
    if (in.getByte(start + headerBytes + length - 1) != '\n') {
      throw new MultistreamException("multistream message does not end with a newline", false);
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(in.nioBuffer(start + headerBytes, length - 1))
              .toString();
    } catch (CharacterCodingException e) {
      throw new MultistreamException("multistream message is not valid UTF-8", false);
    }
    in.skipBytes(headerBytes + length);
    return text;
  }

  private static void checkLength(String protocol) {
    if (protocol.isEmpty()
        || protocol.getBytes(StandardCharsets.UTF_8).length + 1 > MAX_MESSAGE_BYTES) {
      throw new IllegalArgumentException("protocol id must have 1.." + (MAX_MESSAGE_BYTES - 1));
    }
  }
}
