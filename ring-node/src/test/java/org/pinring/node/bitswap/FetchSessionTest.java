package org.pinring.node.bitswap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.crypto.Ed25519PrivateKey;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multicodec;
import org.pinring.node.blockstore.Block;
import org.pinring.node.dag.DagLimits;
import org.pinring.runtime.SimulatedTime;

/**
 * The fetch session as a state machine: events in, messages out, in simulated time. Checks how it
 * finds holders with want-have and routes want-blocks by the presences it gets.
 */
class FetchSessionTest {

  private final SimulatedTime time = new SimulatedTime();
  private final RecordingPort port = new RecordingPort();
  private final PeerId a = peer(1);
  private final PeerId b = peer(2);
  private final PeerId c = peer(3);

  private static PeerId peer(int index) {
    byte[] seed = new byte[32];
    seed[0] = (byte) index;
    return PeerId.fromPublicKey(Ed25519PrivateKey.fromSeed(seed).publicKey());
  }

  private static Cid raw(int index) {
    return Block.hash(Multicodec.RAW, 1, new byte[] {(byte) index, (byte) (index >> 8)}).cid();
  }

  private record Sent(PeerId peer, FetchSession.Wants wants) {}

  private static final class RecordingPort implements FetchSession.Port {
    final List<Sent> sent = new ArrayList<>();
    final List<FetchResult> completed = new ArrayList<>();
    final List<FetchFailedException> failed = new ArrayList<>();

    @Override
    public Optional<List<Cid>> presentLinks(Cid cid) {
      return Optional.empty();
    }

    @Override
    public void send(PeerId peer, FetchSession.Wants wants) {
      sent.add(new Sent(peer, wants));
    }

    @Override
    public void progress(FetchProgress progress) {}

    @Override
    public void completed(FetchResult result) {
      completed.add(result);
    }

    @Override
    public void failed(FetchFailedException failure) {
      failed.add(failure);
    }

    List<Cid> haves(PeerId peer) {
      List<Cid> out = new ArrayList<>();
      sent.stream().filter(s -> s.peer.equals(peer)).forEach(s -> out.addAll(s.wants.haves()));
      return out;
    }

    List<Cid> blocks(PeerId peer) {
      List<Cid> out = new ArrayList<>();
      sent.stream().filter(s -> s.peer.equals(peer)).forEach(s -> out.addAll(s.wants.blocks()));
      return out;
    }

    List<Cid> cancels(PeerId peer) {
      List<Cid> out = new ArrayList<>();
      sent.stream().filter(s -> s.peer.equals(peer)).forEach(s -> out.addAll(s.wants.cancels()));
      return out;
    }
  }

  private FetchSession session(Cid root, BitswapConfig config, PeerId... peers) {
    FetchSession session =
        new FetchSession(root, List.of(peers), config, DagLimits.defaults(), time, port);
    session.start();
    return session;
  }

  private FetchSession session(Cid root, PeerId... peers) {
    return session(root, BitswapConfig.defaults(), peers);
  }

  @Test
  void asksEveryPeerWithWantHaveBeforeAnyWantBlock() {
    Cid root = raw(1);
    session(root, a, b);

    assertThat(port.haves(a)).containsExactly(root);
    assertThat(port.haves(b)).containsExactly(root);
    assertThat(port.blocks(a)).isEmpty();
    assertThat(port.blocks(b)).isEmpty();
  }

  @Test
  void sendsTheWantBlockToThePeerThatSaidHave() {
    Cid root = raw(1);
    FetchSession session = session(root, a, b);

    session.have(b, root);

    assertThat(port.blocks(b)).containsExactly(root);
    assertThat(port.blocks(a)).isEmpty();
    session.dontHave(a, root);
    assertThat(port.blocks(a)).isEmpty();
    assertThat(port.failed).isEmpty();
  }

  @Test
  void aPeerThatSaidDontHaveIsNotAskedForThatBlockAgain() {
    Cid root = raw(1);
    Cid child = raw(2);
    FetchSession session = session(root, a, b);
    session.dontHave(a, root);
    session.have(b, root);
    session.blockArriving(root);
    session.blockStored(b, root, 10, List.of(child));

    // The child is another block: both peers are asked again.
    assertThat(port.haves(a)).containsExactly(root, child);
    assertThat(port.haves(b)).containsExactly(root, child);
    // a answered DONT_HAVE for the root: its ledger entry is cancelled.
    assertThat(port.cancels(a)).contains(root);
    assertThat(port.blocks(a)).isEmpty();
  }

  @Test
  void failsWhenEveryPeerSaysDontHave() {
    Cid root = raw(1);
    FetchSession session = session(root, a, b);

    session.dontHave(a, root);
    assertThat(port.failed).isEmpty();
    session.dontHave(b, root);

    assertThat(port.failed)
        .singleElement()
        .satisfies(f -> assertThat(f).hasMessageContaining("no peer has " + root));
    assertThat(session.isFinished()).isTrue();
  }

  @Test
  void cancelsUnansweredWantHavesOnceTheBlockIsStored() {
    Cid root = raw(1);
    FetchSession session = session(root, a, b, c);
    session.have(a, root);
    session.blockArriving(root);
    session.blockStored(a, root, 10, List.of());

    assertThat(port.cancels(b)).containsExactly(root);
    assertThat(port.cancels(c)).containsExactly(root);
    assertThat(port.completed)
        .singleElement()
        .satisfies(r -> assertThat(r.blocksByPeer()).containsEntry(a, 1L));
  }

  @Test
  void peersWithoutPresencesGetWantBlocksDirectly() {
    Cid root = raw(1);
    FetchSession session = session(root, a, b);

    // a speaks 1.1.0: its want-have was dropped on the way.
    session.presencesUnsupported(a);
    assertThat(port.blocks(a)).isEmpty(); // b may still answer
    session.dontHave(b, root);

    assertThat(port.blocks(a)).containsExactly(root);
    assertThat(port.failed).isEmpty();
  }

  @Test
  void aSilentPeerGetsTheWantBlockAfterTheWantHaveTimesOut() {
    Cid root = raw(1);
    BitswapConfig config = BitswapConfig.defaults().withWantTimeout(Duration.ofSeconds(2));
    FetchSession session = session(root, config, a, b);
    session.dontHave(b, root);
    assertThat(port.blocks(a)).isEmpty();

    time.advanceBy(Duration.ofSeconds(2));
    session.tick();

    assertThat(port.cancels(a)).containsExactly(root);
    assertThat(port.blocks(a)).containsExactly(root);
  }

  @Test
  void boundsOutstandingWantHavesPerPeer() {
    Cid root = raw(1);
    List<Cid> children = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      children.add(raw(100 + i));
    }
    BitswapConfig config = BitswapConfig.defaults().withMaxWantHavesPerPeer(4);
    FetchSession session = session(root, config, a);
    session.have(a, root);
    session.blockArriving(root);
    session.blockStored(a, root, 10, children);

    assertThat(port.haves(a)).hasSize(1 + 4);
    for (int i = 0; i < 2; i++) {
      session.have(a, children.get(i));
    }
    // Two answers freed two places; the two holders got want-blocks.
    assertThat(port.haves(a)).hasSize(1 + 6);
    assertThat(port.blocks(a)).containsExactly(root, children.get(0), children.get(1));
  }

  @Test
  void keepsThePerPeerWindowOfWantBlocks() {
    Cid root = raw(1);
    List<Cid> children = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      children.add(raw(100 + i));
    }
    BitswapConfig config = BitswapConfig.defaults().withWantsPerPeer(3, 3);
    FetchSession session = session(root, config, a);
    session.have(a, root);
    session.blockArriving(root);
    session.blockStored(a, root, 10, children);
    children.forEach(child -> session.have(a, child));

    assertThat(port.blocks(a)).hasSize(1 + 3);
    session.blockArriving(children.get(0));
    session.blockStored(a, children.get(0), 10, List.of());
    assertThat(port.blocks(a)).hasSize(1 + 4);
  }

  @Test
  void movesAWantBlockToAnotherHolderWhenItsPeerGoes() {
    Cid root = raw(1);
    FetchSession session = session(root, a, b);
    session.have(a, root);
    session.have(b, root);
    PeerId first = port.blocks(a).isEmpty() ? b : a;
    PeerId second = first.equals(a) ? b : a;

    session.peerGone(first);

    assertThat(port.blocks(second)).containsExactly(root);
    session.blockArriving(root);
    session.blockStored(second, root, 10, List.of());
    assertThat(port.completed)
        .singleElement()
        .satisfies(r -> assertThat(r.blocksByPeer()).isEqualTo(Map.of(first, 0L, second, 1L)));
  }

  @Test
  void givesUpAfterMaxAttempts() {
    Cid root = raw(1);
    BitswapConfig config = BitswapConfig.defaults().withWantTimeout(Duration.ofSeconds(1));
    FetchSession session = session(root, config, a);
    session.have(a, root);
    for (int i = 0; i < config.maxAttempts() + 1 && port.failed.isEmpty(); i++) {
      time.advanceBy(Duration.ofSeconds(1));
      session.tick();
    }

    assertThat(port.blocks(a)).hasSize(config.maxAttempts());
    assertThat(port.failed)
        .singleElement()
        .satisfies(
            f -> assertThat(f).hasMessageContaining("after " + config.maxAttempts() + " attempts"));
  }

  @Test
  void failsWhenEveryPeerIsGoneWhileBlocksWaitForRoom() {
    Cid root = raw(1);
    List<Cid> children = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      children.add(raw(100 + i));
    }
    BitswapConfig config = BitswapConfig.defaults().withWantsPerPeer(1, 1);
    FetchSession session = session(root, config, a);
    session.have(a, root);
    session.blockArriving(root);
    session.blockStored(a, root, 10, children);
    children.forEach(child -> session.have(a, child));
    assertThat(port.blocks(a)).hasSize(2);

    session.peerGone(a);

    assertThat(port.failed)
        .singleElement()
        .satisfies(f -> assertThat(f).hasMessageContaining("every session peer is gone"));
  }

  /**
   * A block that arrived from a peer which then went is still stored. If it was queued again in
   * between (the other holder had no room for it), storing it must take it off the queue: else it
   * is wanted again, the answer (no longer needed) is dropped, the want never settles, and the
   * fetch never completes. HostBitswapNetworkTest's disconnect test stalled this way under load.
   */
  @Test
  void aBlockStoredAfterItsPeerWentIsNotWantedAgain() {
    Cid root = raw(1);
    Cid x = raw(100);
    Cid y = raw(101);
    BitswapConfig config = BitswapConfig.defaults().withWantsPerPeer(1, 1);
    FetchSession session = session(root, config, a, b);
    session.have(a, root);
    session.have(b, root);
    PeerId rootPeer = port.blocks(a).contains(root) ? a : b;
    session.blockArriving(root);
    session.blockStored(rootPeer, root, 10, List.of(x, y));
    for (PeerId peer : List.of(a, b)) {
      session.have(peer, x);
      session.have(peer, y);
    }
    PeerId xPeer = port.blocks(a).contains(x) ? a : b;
    PeerId yPeer = xPeer.equals(a) ? b : a;
    assertThat(port.blocks(yPeer)).contains(y).doesNotContain(x);

    session.blockArriving(x); // from xPeer, waiting to be stored
    session.peerGone(xPeer); // x goes back to the queue; yPeer has no room
    session.blockStored(xPeer, x, 10, List.of());
    session.blockArriving(y);
    session.blockStored(yPeer, y, 10, List.of());

    assertThat(port.blocks(yPeer)).doesNotContain(x);
    assertThat(port.failed).isEmpty();
    assertThat(port.completed).singleElement().satisfies(r -> assertThat(r.blocks()).isEqualTo(3));
  }
}
