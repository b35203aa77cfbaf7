package org.pinring.node.bitswap;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.crypto.Ed25519PrivateKey;
import org.pinring.node.dag.DagLimits;
import org.pinring.node.repo.Repository;
import org.pinring.runtime.SimulatedTime;

/**
 * Bitswap nodes on one {@link SimulatedTime}, each with its own repository, exchanging messages
 * through the codec with a per-node latency (the time a message to that node takes). Hashing and
 * storing run on the simulated scheduler too, so a run is deterministic.
 */
final class SimulatedNetwork implements AutoCloseable {

  final SimulatedTime time = new SimulatedTime();
  final Map<PeerId, Node> nodes = new HashMap<>();
  final List<Node> created = new ArrayList<>();
  private final Path directory;
  private final BitswapConfig config;

  SimulatedNetwork(Path directory, BitswapConfig config) {
    this.directory = directory;
    this.config = config;
  }

  final class Node implements BitswapNetwork {
    final PeerId id;
    final Repository repository;
    final Bitswap bitswap;
    Duration latency = Duration.ofMillis(1);

    /** The newest Bitswap version this node speaks; two nodes use the older of theirs. */
    BitswapProtocol protocol = BitswapProtocol.V120;

    boolean blackHole;

    /** Whether this node answers wants and presences but never sends a block. */
    boolean withholdBlocks;

    final Set<PeerId> lacking = new HashSet<>();
    final List<BitswapMessage> received = new ArrayList<>();

    Node(int index) throws java.io.IOException {
      byte[] seed = new byte[32];
      seed[0] = (byte) (index + 1);
      id = PeerId.fromPublicKey(Ed25519PrivateKey.fromSeed(seed).publicKey());
      repository = Repository.openOrCreate(directory.resolve("node" + index));
      bitswap =
          new Bitswap(
              repository.blocks(),
              config,
              DagLimits.defaults(),
              new org.pinring.runtime.Environment(
                  time, time, org.pinring.runtime.SeededRandom.fromSeed(index)),
              time,
              this);
    }

    @Override
    public CompletableFuture<BitswapProtocol> send(PeerId peer, BitswapMessage message) {
      Node target = nodes.get(peer);
      CompletableFuture<BitswapProtocol> done = new CompletableFuture<>();
      if (target == null) {
        done.completeExceptionally(new IllegalStateException("no route to " + peer));
        return done;
      }
      if (withholdBlocks && !message.blocks().isEmpty()) {
        message =
            new BitswapMessage(
                message.wantlist(),
                message.fullWantlist(),
                List.of(),
                message.presences(),
                message.pendingBytes());
      }
      // The older of the two: BitswapProtocol lists versions newest first.
      BitswapProtocol version =
          BitswapProtocol.IDS.indexOf(protocol.id())
                  > BitswapProtocol.IDS.indexOf(target.protocol.id())
              ? protocol
              : target.protocol;
      byte[] wire;
      try {
        wire = BitswapCodec.encode(message, version);
      } catch (IllegalArgumentException e) {
        done.completeExceptionally(e);
        return done;
      }
      time.schedule(
          target.latency,
          () -> {
            done.complete(version);
            if (!target.blackHole) {
              BitswapMessage decoded = BitswapCodec.decode(wire);
              target.received.add(decoded);
              target.bitswap.receive(id, decoded);
            }
          });
      return done;
    }
  }

  Node node() throws java.io.IOException {
    Node node = new Node(created.size());
    nodes.put(node.id, node);
    created.add(node);
    return node;
  }

  /** Connects every node to every other. */
  void connectAll() {
    for (Node a : created) {
      for (Node b : created) {
        if (a != b) {
          a.bitswap.peerConnected(b.id);
        }
      }
    }
  }

  <T> T await(CompletableFuture<T> future, Duration limit) {
    if (!time.runUntil(future::isDone, limit)) {
      throw new AssertionError("not done within " + limit + " of simulated time");
    }
    return future.join();
  }

  @Override
  public void close() {
    for (Node node : created) {
      node.bitswap.close();
    }
    time.runUntilIdle(1_000_000);
    for (Node node : created) {
      node.repository.close();
    }
  }
}
