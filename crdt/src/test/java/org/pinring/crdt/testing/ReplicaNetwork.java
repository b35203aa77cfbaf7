package org.pinring.crdt.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.pinring.crdt.Authorizer;
import org.pinring.crdt.BlockSource;
import org.pinring.crdt.CrdtConfig;
import org.pinring.crdt.CrdtPorts;
import org.pinring.crdt.InMemoryCrdtMetrics;
import org.pinring.crdt.PinSet;
import org.pinring.crdt.PinState;
import org.pinring.crdt.SignedOperation;
import org.pinring.crdt.StateRoot;
import org.pinring.crdt.kv.InMemoryKeyValueStore;
import org.pinring.crdt.kv.KeyValueStore;
import org.pinring.multiformats.Cid;
import org.pinring.runtime.Simulation;

/**
 * Several replicas of one ring in one simulation: simulated time, gossip with loss and duplication,
 * and a block source that serves from every live replica's block store after a round-trip time. The
 * deterministic world of the convergence, crash and checkpoint tests.
 */
public final class ReplicaNetwork {

  /** One replica and what it runs on. */
  public static final class Node {
    public final String name;
    public final InMemoryBlockStore blocks;
    public final InMemoryCrdtMetrics metrics = new InMemoryCrdtMetrics();
    public final SimulatedBlockSource source;
    public KeyValueStore store;
    public PinSet pinSet;
    boolean alive = true;

    /** A node whose state is not expected to match (e.g. one that accepts forged operations). */
    public boolean untrusted;

    Node(String name, InMemoryBlockStore blocks, SimulatedBlockSource source) {
      this.name = name;
      this.blocks = blocks;
      this.source = source;
    }
  }

  public final Simulation simulation;
  public final SimulatedGossip gossip;
  public final TestRing ring;
  private final CrdtConfig config;
  private final Duration roundTrip;
  private final double fetchLoss;
  private final List<Node> nodes = new CopyOnWriteArrayList<>();

  public ReplicaNetwork(long seed, CrdtConfig config, double gossipLoss, double fetchLoss) {
    this.simulation = new Simulation(seed);
    this.config = config;
    this.roundTrip = Duration.ofMillis(20);
    this.fetchLoss = fetchLoss;
    this.gossip =
        new SimulatedGossip(
            simulation.time(),
            simulation.random().fork("gossip"),
            gossipLoss,
            gossipLoss / 2,
            Duration.ofMillis(50));
    this.ring = new TestRing(simulation.random().fork("curators"));
  }

  public ReplicaNetwork(long seed) {
    this(seed, testConfig(), 0, 0);
  }

  /** Defaults with small bounds and short timers, so tests exercise limits and retries. */
  /**
   * A replica of the test ring on {@code store} with no peers: its gossip reaches nobody and its
   * block source finds nothing, so it only opens, applies and stores. For tests of a store alone
   * (recovery, migration).
   */
  public static PinSet openAlone(
      Simulation simulation, KeyValueStore store, Authorizer authorizer, String name) {
    SimulatedGossip gossip =
        new SimulatedGossip(simulation.time(), simulation.random(), 0, 0, Duration.ZERO);
    return PinSet.open(
        testConfig(),
        store,
        new CrdtPorts(
            new SimulatedBlockSource(
                cid -> null, simulation.time(), Duration.ofMillis(1), simulation.random(), 0),
            new InMemoryBlockStore(),
            gossip.member(name),
            authorizer,
            new InMemoryCrdtMetrics()),
        simulation.environment(name));
  }

  /**
   * Runs the simulation until {@code future} completes (at most ten simulated minutes) and returns
   * its value.
   *
   * @throws AssertionError if it did not complete
   */
  public <T> T await(CompletableFuture<T> future) {
    simulation.time().runUntil(future::isDone, Duration.ofMinutes(10));
    if (!future.isDone()) {
      throw new AssertionError("not completed within ten simulated minutes: " + future);
    }
    return future.join();
  }

  public static CrdtConfig testConfig() {
    return new CrdtConfig(
        TestRing.RING,
        CrdtConfig.WalkMode.SUB_DAG,
        2,
        8,
        16,
        8L << 20,
        4096,
        64L << 20,
        4,
        Duration.ofMillis(100),
        Duration.ofSeconds(2),
        Duration.ofMillis(30),
        Duration.ofSeconds(1));
  }

  public Node add(String name) {
    return add(name, new InMemoryKeyValueStore(), ring.authorizer());
  }

  public Node add(String name, KeyValueStore store, Authorizer authorizer) {
    InMemoryBlockStore blocks = new InMemoryBlockStore();
    SimulatedBlockSource source =
        new SimulatedBlockSource(
            this::lookup,
            simulation.time(),
            roundTrip,
            simulation.random().fork("loss-" + name),
            fetchLoss);
    Node node = new Node(name, blocks, source);
    node.store = store;
    node.pinSet = open(node, source, authorizer);
    nodes.add(node);
    return node;
  }

  private PinSet open(Node node, BlockSource source, Authorizer authorizer) {
    return PinSet.open(
        config,
        node.store,
        new CrdtPorts(source, node.blocks, gossip.member(node.name), authorizer, node.metrics),
        simulation.environment(node.name));
  }

  /** Simulates a crash: the replica object is dropped and reopened on {@code newStore}. */
  public void restart(Node node, KeyValueStore newStore) {
    node.pinSet.close();
    node.store = newStore;
    node.pinSet = open(node, node.source, ring.authorizer());
  }

  /** Stops a replica (its blocks stay servable only if {@code keepServing}). */
  public void stop(Node node, boolean keepServing) {
    node.pinSet.close();
    node.alive = keepServing;
  }

  private byte[] lookup(Cid cid) {
    for (Node node : nodes) {
      if (node.alive) {
        byte[] block = node.blocks.get(cid);
        if (block != null) {
          return block;
        }
      }
    }
    return null;
  }

  public List<Node> nodes() {
    return new ArrayList<>(nodes);
  }

  /** Submits and runs the simulation until the submission completes. */
  /**
   * Submits a mixed history from two writers and runs it to convergence: {@code count} pins (each
   * of two CIDs), every fourth followed by a stray tombstone that retires that pin's operation and
   * an unpin of its first CID, and at {@code replayAt} a replay of the fourth pin, a retired
   * operation, in a new delta. Converges after every {@code convergeEvery}-th pin and at the end.
   * The crash and refused-write tests replay this history.
   */
  public void submitMixedHistory(Node a, Node b, int count, int replayAt, int convergeEvery) {
    List<SignedOperation> pins = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Node writer = i % 3 == 0 ? b : a;
      SignedOperation pin = ring.pin(TestRing.cid(i), TestRing.cid(i + 100));
      pins.add(pin);
      submit(writer, pin);
      if (i % 4 == 3) {
        // A stray tombstone (the operation never pinned CID 500), then an unpin that retires the
        // bulk operation (one add removed, the other live) and with it drops the stray tombstone.
        submit(writer, ring.unpin(TestRing.cid(500), java.util.Set.of(pin.id())));
        submit(writer, ring.unpin(writer.pinSet.state(TestRing.cid(i)).orElseThrow()));
      }
      if (i == replayAt) {
        submit(writer, pins.get(3));
      }
      if (i % convergeEvery == 0) {
        runUntilConverged(Duration.ofSeconds(5));
      }
    }
    runUntilConverged(Duration.ofSeconds(30));
  }

  public List<Cid> submit(Node node, SignedOperation... operations) {
    CompletableFuture<List<Cid>> result = node.pinSet.submit(List.of(operations));
    simulation.time().runUntil(result::isDone, Duration.ofMinutes(1));
    return result.join();
  }

  /** Runs until every live replica is idle with the same state root, or the timeout. */
  public boolean runUntilConverged(Duration timeout) {
    return simulation.time().runUntil(this::converged, timeout);
  }

  public boolean converged() {
    StateRoot root = null;
    for (Node node : nodes) {
      if (!node.alive || node.pinSet == null || node.untrusted) {
        continue;
      }
      if (!node.pinSet.statusNow().isIdle()) {
        return false;
      }
      StateRoot current = node.pinSet.stateRoot();
      if (root != null && !root.equals(current)) {
        return false;
      }
      root = current;
    }
    return true;
  }

  /** The full state of a replica, by CID. */
  public static Map<Cid, PinState> states(PinSet pinSet) {
    Map<Cid, PinState> states = new TreeMap<>();
    pinSet.forEachState(state -> states.put(state.cid(), state));
    return states;
  }

  /** Applies {@code action} to every live, trusted node. */
  public <T> List<T> map(Function<Node, T> action) {
    List<T> out = new ArrayList<>();
    for (Node node : nodes) {
      if (node.alive && !node.untrusted) {
        out.add(action.apply(node));
      }
    }
    return out;
  }
}
