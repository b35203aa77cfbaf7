package org.pinring.crdt.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.pinring.crdt.Checkpoint;
import org.pinring.crdt.CheckpointOperation;
import org.pinring.crdt.Delta;
import org.pinring.crdt.FrontierEntry;
import org.pinring.crdt.Nonce;
import org.pinring.crdt.Operation;
import org.pinring.crdt.OperationId;
import org.pinring.crdt.PinEntry;
import org.pinring.crdt.PinMode;
import org.pinring.crdt.PinOperation;
import org.pinring.crdt.PinSpec;
import org.pinring.crdt.Replication;
import org.pinring.crdt.RingId;
import org.pinring.crdt.RingOperation;
import org.pinring.crdt.SignedOperation;
import org.pinring.crdt.StateRoot;
import org.pinring.crdt.UnpinEntry;
import org.pinring.crdt.UnpinOperation;
import org.pinring.crdt.UpdateEntry;
import org.pinring.crdt.UpdateOperation;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multiaddr;
import org.pinring.multiformats.Multicodec;
import org.pinring.multiformats.MultihashAlgorithm;
import org.pinring.multiformats.ipld.DagCbor;
import org.pinring.multiformats.ipld.Ipld;
import org.pinring.multiformats.ipld.IpldMap;

/** jqwik generators for the CRDT's values, kept small so properties run fast. */
public final class CrdtArbitraries {

  private CrdtArbitraries() {}

  public static Arbitrary<Cid> cids() {
    return Arbitraries.integers()
        .between(0, 1_000_000)
        .flatMap(
            n ->
                Arbitraries.of(Multicodec.RAW, Multicodec.DAG_PB, Multicodec.DAG_CBOR)
                    .map(
                        codec ->
                            Cid.v1(
                                codec,
                                MultihashAlgorithm.SHA2_256.digest(
                                    ("c" + n).getBytes(StandardCharsets.UTF_8)))));
  }

  /** CIDs of (made-up) delta blocks: dag-cbor, sha2-256. */
  public static Arbitrary<Cid> deltaCids() {
    return Arbitraries.integers()
        .between(0, 1_000_000)
        .map(n -> DagCbor.cidOf(("d" + n).getBytes(StandardCharsets.UTF_8)));
  }

  public static Arbitrary<RingId> rings() {
    return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(12).map(RingId::of);
  }

  public static Arbitrary<Nonce> nonces() {
    return Arbitraries.bytes().array(byte[].class).ofSize(16).map(Nonce::of);
  }

  public static Arbitrary<OperationId> operationIds() {
    return Arbitraries.bytes().array(byte[].class).ofSize(32).map(OperationId::of);
  }

  private static Arbitrary<String> text(int maxChars) {
    return Arbitraries.strings().withCharRange(' ', '~').withChars("éü€").ofMaxLength(maxChars);
  }

  public static Arbitrary<PinSpec> specs() {
    Arbitrary<Replication> replication =
        Arbitraries.integers()
            .between(0, 5)
            .flatMap(
                min ->
                    min == 0
                        ? Arbitraries.just(Replication.RING_DEFAULT)
                        : Arbitraries.integers()
                            .between(min, 8)
                            .map(max -> new Replication(min, max)));
    Arbitrary<TreeSet<String>> tags =
        text(10).filter(t -> !t.isEmpty()).set().ofMaxSize(3).map(TreeSet::new);
    Arbitrary<Optional<Instant>> expiry =
        Arbitraries.longs().between(0, 4_000_000_000_000L).map(Instant::ofEpochMilli).optional();
    Arbitrary<Map<String, String>> metadata =
        Arbitraries.maps(text(8).filter(k -> !k.isEmpty()), text(12)).ofMaxSize(3);
    Arbitrary<List<Multiaddr>> origins =
        Arbitraries.integers()
            .between(1, 65535)
            .map(port -> Multiaddr.parse("/ip4/192.0.2.1/tcp/" + port))
            .list()
            .ofMaxSize(2);
    return Combinators.combine(
            cids(),
            text(20),
            Arbitraries.of(PinMode.class),
            replication,
            tags,
            expiry,
            metadata,
            origins)
        .as(
            (cid, name, mode, rep, tagSet, exp, meta, addrs) ->
                new PinSpec(cid, name, mode, rep, tagSet, exp, new TreeMap<>(meta), addrs));
  }

  public static Arbitrary<Operation> operations(RingId ring) {
    Arbitrary<Long> versions = Arbitraries.longs().between(0, 1L << 40);
    Arbitrary<Operation> pins =
        Combinators.combine(specs(), versions)
            .as(PinEntry::new)
            .list()
            .ofMinSize(1)
            .ofMaxSize(3)
            .uniqueElements(entry -> entry.spec().cid())
            .flatMap(entries -> nonces().map(nonce -> new PinOperation(ring, nonce, entries)));
    Arbitrary<Operation> updates =
        Combinators.combine(specs(), versions, operationIds().set().ofMaxSize(2))
            .as((spec, version, tags) -> new UpdateEntry(spec, version, new TreeSet<>(tags)))
            .list()
            .ofMinSize(1)
            .ofMaxSize(2)
            .uniqueElements(entry -> entry.spec().cid())
            .flatMap(entries -> nonces().map(nonce -> new UpdateOperation(ring, nonce, entries)));
    Arbitrary<Operation> unpins =
        Combinators.combine(cids(), operationIds().set().ofMinSize(1).ofMaxSize(3))
            .as((cid, tags) -> new UnpinEntry(cid, new TreeSet<>(tags)))
            .list()
            .ofMinSize(1)
            .ofMaxSize(2)
            .uniqueElements(UnpinEntry::cid)
            .flatMap(entries -> nonces().map(nonce -> new UnpinOperation(ring, nonce, entries)));
    Arbitrary<Operation> ringOps =
        Combinators.combine(
                nonces(),
                text(12)
                    .filter(t -> !t.isEmpty() && !t.equals("checkpoint"))
                    .filter(t -> t.chars().noneMatch(Character::isISOControl)),
                payloads())
            .as((nonce, type, payload) -> new RingOperation(ring, nonce, type, payload));
    Arbitrary<Operation> checkpoints =
        Combinators.combine(
                nonces(),
                Combinators.combine(deltaCids(), Arbitraries.longs().between(1, 1000))
                    .as(FrontierEntry::new)
                    .list()
                    .ofMinSize(1)
                    .ofMaxSize(3)
                    .uniqueElements(FrontierEntry::delta),
                Arbitraries.bytes().array(byte[].class).ofSize(32),
                deltaCids())
            .as(
                (nonce, frontier, root, snapshot) ->
                    new CheckpointOperation(
                        ring, nonce, new Checkpoint(frontier, StateRoot.of(root), snapshot)));
    return Arbitraries.oneOf(pins, updates, unpins, ringOps, checkpoints);
  }

  private static Arbitrary<Ipld> payloads() {
    Arbitrary<Ipld> leaf =
        Arbitraries.oneOf(
            Arbitraries.longs().map(Ipld::of),
            text(10).map(Ipld::of),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(8).map(Ipld::of),
            Arbitraries.just(Ipld.nullValue()));
    return Arbitraries.maps(text(5), leaf)
        .ofMaxSize(3)
        .map(entries -> (Ipld) new IpldMap(new LinkedHashMap<>(entries)));
  }

  public static Arbitrary<SignedOperation> signedOperations(RingId ring) {
    return Combinators.combine(
            operations(ring), Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(80))
        .as(SignedOperation::of);
  }

  public static Arbitrary<Delta> deltas() {
    return rings()
        .flatMap(
            ring ->
                Combinators.combine(
                        deltaCids().set().ofMaxSize(4),
                        Arbitraries.longs().between(1, 1L << 40),
                        signedOperations(ring)
                            .list()
                            .ofMinSize(1)
                            .ofMaxSize(4)
                            .uniqueElements(SignedOperation::id))
                    .as(
                        (parents, height, operations) ->
                            new Delta(
                                ring,
                                parents.isEmpty() ? 1 : height + 1,
                                new ArrayList<>(parents),
                                operations)));
  }
}
