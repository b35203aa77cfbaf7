package org.pinring.crdt.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.pinring.crdt.Checkpoint;
import org.pinring.crdt.CrdtPorts;
import org.pinring.crdt.InMemoryCrdtMetrics;
import org.pinring.crdt.OperationId;
import org.pinring.crdt.PinSet;
import org.pinring.crdt.PinSpec;
import org.pinring.crdt.PinState;
import org.pinring.crdt.SignedOperation;
import org.pinring.crdt.StateRoot;
import org.pinring.crdt.kv.KeyValueEntry;
import org.pinring.crdt.kv.KeyValueIterator;
import org.pinring.crdt.kv.KeyValueReader;
import org.pinring.crdt.kv.KeyValueStore;
import org.pinring.crdt.kv.WriteBatch;
import org.pinring.crdt.testing.InMemoryBlockStore;
import org.pinring.crdt.testing.ReplicaNetwork;
import org.pinring.crdt.testing.SimulatedBlockSource;
import org.pinring.crdt.testing.SimulatedGossip;
import org.pinring.crdt.testing.TestRing;
import org.pinring.multiformats.Cid;
import org.pinring.runtime.Simulation;

/**
 * A small replica history written through the public API only, and the dump format of a whole store
 * (one line per entry: key and value in hex), for the layout migration tests.
 *
 * <p>{@code src/test/resources/format2/replica.txt} is this history as written by the format-2
 * code: {@link #main} run against the crdt classes of commit b50b0bf (the last commit with layout
 * format 2), which it compiles against unchanged:
 *
 * <pre>
 * git worktree add --detach /tmp/crdtold b50b0bf &amp;&amp; cd /tmp/crdtold
 * mvn -B -q -o package -pl bench -am -DskipTests -Dspotless.check.skip=true
 * CP="crdt/target/test-classes:crdt/target/classes:$(cat bench/target/classpath.txt)"
 * javac -d /tmp/fixgen -cp "$CP" path/to/this/Format2Fixture.java
 * java -cp "/tmp/fixgen:$CP" org.pinring.crdt.internal.Format2Fixture format2-replica.txt
 * </pre>
 *
 * Run by this version, {@link #build} writes the same history in the current format: a migrated
 * fixture must equal it byte for byte.
 *
 * <p>The history has every kind of state record and index: pins (single and bulk, with CIDs chosen
 * so that several records share a bucket, whose format-2 lists then order hashes and fingerprints
 * differently), unpins that delete records and retire operations, updates that change a record's
 * hash, a tombstone of an add never seen (a {@code u} entry), a ring operation and a checkpoint.
 */
public final class Format2Fixture {

  /** The resource the format-2 dump is stored in. */
  public static final String RESOURCE = "/format2/replica.txt";

  /** What the history leaves: the store and the replica's summaries. */
  public record Built(
      KeyValueStore store, StateRoot root, List<Cid> heads, Map<Cid, PinState> states) {}

  private Format2Fixture() {}

  /** Runs the history on a fresh in-memory store with this version's code. */
  public static Built build() {
    Simulation simulation = new Simulation(2026);
    TestRing ring = new TestRing(simulation.random().fork("curators"));
    org.pinring.crdt.kv.InMemoryKeyValueStore store =
        new org.pinring.crdt.kv.InMemoryKeyValueStore();
    SimulatedGossip gossip =
        new SimulatedGossip(
            simulation.time(), simulation.random().fork("gossip"), 0, 0, Duration.ZERO);
    PinSet pinSet =
        PinSet.open(
            ReplicaNetwork.testConfig(),
            store,
            new CrdtPorts(
                new SimulatedBlockSource(
                    cid -> null,
                    simulation.time(),
                    Duration.ofMillis(1),
                    simulation.random().fork("source"),
                    0),
                new InMemoryBlockStore(),
                gossip.member("fixture"),
                ring.authorizer(),
                new InMemoryCrdtMetrics()),
            simulation.environment("fixture"));

    List<Cid> shared = cidsSharingBuckets(8);
    submit(simulation, pinSet, ring.pin(shared.toArray(new Cid[0])));
    List<SignedOperation> singles = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      singles.add(ring.pin(TestRing.cid(5_000 + i)));
    }
    submit(simulation, pinSet, singles.toArray(new SignedOperation[0]));
    // Unpins: a third of the single pins (records deleted, operations retired), one CID of a shared
    // bucket (a bulk operation retired while its other adds stay live).
    List<SignedOperation> unpins = new ArrayList<>();
    for (int i = 0; i < 60; i += 3) {
      unpins.add(ring.unpin(pinSet.state(TestRing.cid(5_000 + i)).orElseThrow()));
    }
    unpins.add(ring.unpin(pinSet.state(shared.get(0)).orElseThrow()));
    submit(simulation, pinSet, unpins.toArray(new SignedOperation[0]));
    // Updates: a record in a shared bucket and a single pin change their hash.
    submit(
        simulation,
        pinSet,
        ring.update(
            pinSet.state(shared.get(3)).orElseThrow(),
            PinSpec.builder(shared.get(3)).name("renamed").build()),
        ring.update(
            pinSet.state(TestRing.cid(5_001)).orElseThrow(),
            PinSpec.builder(TestRing.cid(5_001)).name("also renamed").build()));
    // A tombstone whose add never arrives stays in its record and in the u index.
    byte[] neverApplied = new byte[OperationId.BYTES];
    neverApplied[0] = 7;
    submit(
        simulation, pinSet, ring.unpin(TestRing.cid(9_000), Set.of(OperationId.of(neverApplied))));
    submit(simulation, pinSet, ring.ringOperation("ban-peer", "peer-1"));
    CompletableFuture<Checkpoint> checkpoint = pinSet.prepareCheckpoint();
    simulation.time().runUntil(checkpoint::isDone, Duration.ofMinutes(1));
    submit(simulation, pinSet, ring.checkpoint(checkpoint.join()));
    for (int i = 60; i < 70; i++) {
      submit(simulation, pinSet, ring.pin(TestRing.cid(5_000 + i)));
    }
    Built built =
        new Built(store, pinSet.stateRoot(), pinSet.heads(), ReplicaNetwork.states(pinSet));
    pinSet.close();
    return built;
  }

  private static void submit(Simulation simulation, PinSet pinSet, SignedOperation... operations) {
    CompletableFuture<List<Cid>> result = pinSet.submit(List.of(operations));
    simulation.time().runUntil(result::isDone, Duration.ofMinutes(1));
    result.join();
  }

  /** Test CIDs, in groups of two or more whose pin records share a bucket. */
  static List<Cid> cidsSharingBuckets(int groups) {
    Map<Integer, List<Cid>> byBucket = new LinkedHashMap<>();
    List<Cid> result = new ArrayList<>();
    int found = 0;
    for (int n = 0; found < groups; n++) {
      Cid cid = TestRing.cid(n);
      byte[] recordKey = new byte[1 + cid.toBytes().length];
      recordKey[0] = 0x01;
      System.arraycopy(cid.toBytes(), 0, recordKey, 1, recordKey.length - 1);
      byte[] hash = sha256(recordKey);
      List<Cid> group =
          byBucket.computeIfAbsent(
              ((hash[0] & 0xFF) << 8) | (hash[1] & 0xFF), b -> new ArrayList<>());
      group.add(cid);
      if (group.size() == 2) {
        result.addAll(group);
        found++;
      } else if (group.size() > 2) {
        result.add(cid);
      }
    }
    return result;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** Every entry of a store, one line each: hex key, a space, hex value. */
  public static List<String> dump(KeyValueReader store) {
    List<String> lines = new ArrayList<>();
    HexFormat hex = HexFormat.of();
    try (KeyValueIterator it = store.scan(new byte[0])) {
      while (it.hasNext()) {
        KeyValueEntry entry = it.next();
        lines.add(hex.formatHex(entry.key()) + " " + hex.formatHex(entry.value()));
      }
    }
    return lines;
  }

  /** Writes the entries of a dump into {@code store} (one batch). */
  public static void load(List<String> lines, KeyValueStore store) {
    WriteBatch batch = new WriteBatch();
    HexFormat hex = HexFormat.of();
    for (String line : lines) {
      int space = line.indexOf(' ');
      batch.put(hex.parseHex(line.substring(0, space)), hex.parseHex(line.substring(space + 1)));
    }
    store.write(batch, KeyValueStore.Durability.SYNC);
  }

  /** The committed format-2 dump. */
  public static List<String> format2Dump() throws IOException {
    try (InputStream in = Format2Fixture.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException("missing test resource " + RESOURCE);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }
  }

  /** Writes the dump of {@link #build()} to the file named by the only argument. */
  public static void main(String[] args) throws IOException {
    List<String> lines = dump(build().store());
    Files.writeString(Path.of(args[0]), String.join("\n", lines) + "\n", StandardCharsets.US_ASCII);
  }
}
