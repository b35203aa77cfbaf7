package org.pinring.bench.crdt;

import java.time.Duration;
import org.pinring.crdt.Authorizer;
import org.pinring.crdt.CrdtConfig;
import org.pinring.crdt.CrdtPorts;
import org.pinring.crdt.InMemoryCrdtMetrics;
import org.pinring.crdt.PinSet;
import org.pinring.crdt.kv.KeyValueStore;
import org.pinring.crdt.testing.SimulatedBlockSource;
import org.pinring.crdt.testing.SimulatedGossip;
import org.pinring.crdt.testing.TestRing;
import org.pinring.runtime.Environment;
import org.pinring.runtime.Simulation;

/**
 * A replica with no peers, for the local benchmarks: its block source finds nothing, its gossip
 * reaches nobody, and blocks it writes are dropped, so only applying and storing are measured.
 */
final class StandaloneReplica {

  private StandaloneReplica() {}

  /** Opens the test ring's pinset on {@code store}, running on {@code environment}. */
  static PinSet open(
      KeyValueStore store,
      Simulation simulation,
      Environment environment,
      String name,
      Authorizer authorizer) {
    SimulatedGossip gossip =
        new SimulatedGossip(simulation.time(), simulation.random(), 0, 0, Duration.ZERO);
    return PinSet.open(
        CrdtConfig.defaults(TestRing.RING),
        store,
        new CrdtPorts(
            new SimulatedBlockSource(
                cid -> null, simulation.time(), Duration.ZERO, simulation.random(), 0),
            new NullBlockSink(),
            gossip.member(name),
            authorizer,
            new InMemoryCrdtMetrics()),
        environment);
  }
}
