package org.pinring.bench.crdt;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pinring.crdt.Delta;
import org.pinring.crdt.OperationId;
import org.pinring.crdt.PinSpec;
import org.pinring.crdt.PinState;
import org.pinring.crdt.PinValue;
import org.pinring.crdt.SignedOperation;
import org.pinring.crdt.internal.DeltaCodec;
import org.pinring.crdt.internal.StateRecordCodec;
import org.pinring.crdt.testing.TestRing;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.ipld.DagCbor;
import org.pinring.multiformats.ipld.Ipld;
import org.pinring.multiformats.ipld.IpldList;
import org.pinring.multiformats.ipld.IpldMap;
import org.pinring.runtime.SeededRandom;

/**
 * The two encodings on the apply path, each written directly ({@code direct*}) and through an
 * {@code Ipld} tree and the generic DAG-CBOR encoder ({@code tree*}, the encoding before the direct
 * writers). Both forms produce the same bytes (crdt's DirectEncodingTest); measured in the same
 * fork, their ratio holds on a loaded machine. Records: the pin record of one CID with one live add
 * of a default spec (what a pin writes). Deltas: 1,000 signed single-pin operations (what a batched
 * submission of 1,000 operations encodes).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx1g"})
public class EncodingBenchmark {

  /** One pin record and one delta of 1,000 operations. */
  @State(Scope.Benchmark)
  public static class Values {
    PinState record;
    Delta delta;

    @Setup
    public void build() {
      TestRing ring = new TestRing(SeededRandom.fromSeed(7));
      SignedOperation pin = ring.pin(TestRing.cid(1));
      Cid cid = TestRing.cid(1);
      TreeMap<OperationId, PinValue> live = new TreeMap<>();
      live.put(pin.id(), new PinValue(pin.id(), 0, PinSpec.of(cid)));
      record = new PinState(cid, live, new TreeSet<>());
      List<SignedOperation> operations = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        operations.add(ring.pin(TestRing.cid(100 + i)));
      }
      Cid parent = DagCbor.cidOf(new byte[] {(byte) 0xA0}); // an empty map
      delta = new Delta(TestRing.RING, 2, List.of(parent), operations);
    }
  }

  @Benchmark
  public byte[] directRecord(Values values) {
    return StateRecordCodec.encodeBytes(values.record);
  }

  @Benchmark
  public byte[] treeRecord(Values values) {
    return DagCbor.encode(StateRecordCodec.encode(values.record));
  }

  @Benchmark
  public byte[] directDelta(Values values) {
    return DeltaCodec.encode(values.delta);
  }

  @Benchmark
  public byte[] treeDelta(Values values) {
    Delta delta = values.delta;
    List<Ipld> parents = new ArrayList<>();
    for (Cid parent : delta.parents()) {
      parents.add(Ipld.of(parent));
    }
    List<Ipld> operations = new ArrayList<>();
    for (SignedOperation operation : delta.operations()) {
      operations.add(
          IpldMap.builder()
              .put("op", operation.toIpld())
              .put("sig", operation.signature())
              .build());
    }
    return DagCbor.encode(
        IpldMap.builder()
            .put("v", DeltaCodec.FORMAT_VERSION)
            .put("ring", delta.ring().toBytes())
            .put("height", delta.height())
            .put("parents", new IpldList(parents))
            .put("ops", new IpldList(operations))
            .build());
  }
}
