package org.pinring.libp2p.pubsub;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One pubsub RPC (pubsub spec, "The RPC"; gossipsub v1.0/v1.1 control messages). Lists are
 * immutable copies. IDONTWANT (gossipsub v1.2) is not part of v1.1 and is skipped when received.
 */
record Rpc(List<SubOpts> subscriptions, List<RawMessage> messages, Control control) {

  static final Rpc EMPTY = new Rpc(List.of(), List.of(), Control.EMPTY);

  Rpc {
    subscriptions = List.copyOf(subscriptions);
    messages = List.copyOf(messages);
    Objects.requireNonNull(control, "control");
  }

  static Rpc ofMessages(List<RawMessage> messages) {
    return new Rpc(List.of(), messages, Control.EMPTY);
  }

  static Rpc ofControl(Control control) {
    return new Rpc(List.of(), List.of(), control);
  }

  boolean isEmpty() {
    return subscriptions.isEmpty() && messages.isEmpty() && control.isEmpty();
  }

  /** This RPC with {@code extra} control entries appended (piggybacking). */
  Rpc withControl(Control extra) {
    return new Rpc(subscriptions, messages, control.plus(extra));
  }

  /** A subscription change; {@code topic} is empty when the sender left it out. */
  record SubOpts(boolean subscribe, String topic) {
    SubOpts {
      Objects.requireNonNull(topic, "topic");
    }
  }

  /** The control part; {@link #EMPTY} when absent. */
  record Control(List<IHave> ihave, List<IWant> iwant, List<Graft> graft, List<Prune> prune) {

    static final Control EMPTY = new Control(List.of(), List.of(), List.of(), List.of());

    Control {
      ihave = List.copyOf(ihave);
      iwant = List.copyOf(iwant);
      graft = List.copyOf(graft);
      prune = List.copyOf(prune);
    }

    boolean isEmpty() {
      return ihave.isEmpty() && iwant.isEmpty() && graft.isEmpty() && prune.isEmpty();
    }

    Control plus(Control other) {
      if (other.isEmpty()) {
        return this;
      }
      if (isEmpty()) {
        return other;
      }
      return new Control(
          concat(ihave, other.ihave),
          concat(iwant, other.iwant),
          concat(graft, other.graft),
          concat(prune, other.prune));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
      List<T> all = new ArrayList<>(a.size() + b.size());
      all.addAll(a);
      all.addAll(b);
      return all;
    }
  }

  /** IHAVE: ids of messages the sender has seen recently on {@code topic}. */
  record IHave(String topic, List<MessageId> messageIds) {
    IHave {
      Objects.requireNonNull(topic, "topic");
      messageIds = List.copyOf(messageIds);
    }
  }

  /** IWANT: ids of messages the sender asks for. */
  record IWant(List<MessageId> messageIds) {
    IWant {
      messageIds = List.copyOf(messageIds);
    }
  }

  /** GRAFT: the sender added the receiver to its mesh for {@code topic}. */
  record Graft(String topic) {
    Graft {
      Objects.requireNonNull(topic, "topic");
    }
  }

  /**
   * PRUNE: the sender removed the receiver from its mesh; v1.1 adds peer exchange and the backoff
   * in seconds (absent from v1.0 peers).
   */
  record Prune(String topic, List<PeerInfo> peers, OptionalLong backoffSeconds) {
    Prune {
      Objects.requireNonNull(topic, "topic");
      peers = List.copyOf(peers);
      Objects.requireNonNull(backoffSeconds, "backoffSeconds");
    }
  }

  /** A peer suggested by peer exchange: its peer id bytes and optionally a signed peer record. */
  // Internal wire value: equals/hashCode compare contents; arrays are never handed out publicly.
  @SuppressWarnings("ArrayRecordComponent")
  record PeerInfo(byte[] peerId, byte[] signedPeerRecord) {

    @Override
    public boolean equals(Object other) {
      return other instanceof PeerInfo p
          && Arrays.equals(peerId, p.peerId)
          && Arrays.equals(signedPeerRecord, p.signedPeerRecord);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(peerId) + Arrays.hashCode(signedPeerRecord);
    }

    @Override
    public String toString() {
      return "PeerInfo(" + (peerId == null ? 0 : peerId.length) + " bytes)";
    }
  }
}
