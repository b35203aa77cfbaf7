package org.pinring.crdt.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.pinring.crdt.Authorizer;
import org.pinring.crdt.Checkpoint;
import org.pinring.crdt.CheckpointOperation;
import org.pinring.crdt.Nonce;
import org.pinring.crdt.Operation;
import org.pinring.crdt.OperationId;
import org.pinring.crdt.PinEntry;
import org.pinring.crdt.PinOperation;
import org.pinring.crdt.PinSpec;
import org.pinring.crdt.PinState;
import org.pinring.crdt.PinValue;
import org.pinring.crdt.RingId;
import org.pinring.crdt.RingOperation;
import org.pinring.crdt.SignedOperation;
import org.pinring.crdt.UnpinEntry;
import org.pinring.crdt.UnpinOperation;
import org.pinring.crdt.UpdateEntry;
import org.pinring.crdt.UpdateOperation;
import org.pinring.crdt.auth.Ed25519Authorizer;
import org.pinring.crdt.auth.Ed25519OperationSigner;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multicodec;
import org.pinring.multiformats.MultihashAlgorithm;
import org.pinring.multiformats.ipld.Ipld;
import org.pinring.runtime.RandomSource;

/**
 * A ring for tests: a fixed ring id, a curator key (deterministic Ed25519) and builders for signed
 * operations that draw their nonces from a seeded source.
 */
public final class TestRing {

  public static final RingId RING = RingId.of("test-ring".getBytes(StandardCharsets.UTF_8));

  private final Ed25519OperationSigner signer;
  private final RandomSource random;

  public TestRing(RandomSource random) {
    this(random, seed(1));
  }

  public TestRing(RandomSource random, byte[] keySeed) {
    this.random = random;
    this.signer = new Ed25519OperationSigner(keySeed);
  }

  public static byte[] seed(int n) {
    byte[] seed = new byte[32];
    seed[0] = (byte) n;
    seed[31] = 42;
    return seed;
  }

  public Authorizer authorizer() {
    return new Ed25519Authorizer(RING, signer.publicKey());
  }

  /** A CID for test content number {@code n}. */
  public static Cid cid(int n) {
    return Cid.v1(
        Multicodec.RAW,
        MultihashAlgorithm.SHA2_256.digest(("content " + n).getBytes(StandardCharsets.UTF_8)));
  }

  public Nonce nonce() {
    return Nonce.random(random);
  }

  public SignedOperation sign(Operation operation) {
    return signer.sign(operation);
  }

  public SignedOperation pin(Cid... cids) {
    List<PinEntry> entries = new ArrayList<>();
    for (Cid cid : cids) {
      entries.add(new PinEntry(PinSpec.of(cid), 0));
    }
    return sign(new PinOperation(RING, nonce(), entries));
  }

  public SignedOperation pin(PinSpec spec, long version) {
    return sign(new PinOperation(RING, nonce(), List.of(new PinEntry(spec, version))));
  }

  /** Unpins {@code cid}, removing the tags this replica state has observed. */
  public SignedOperation unpin(PinState observed) {
    return unpin(observed.cid(), observed.live().keySet());
  }

  public SignedOperation unpin(Cid cid, Collection<OperationId> tags) {
    return sign(
        new UnpinOperation(RING, nonce(), List.of(new UnpinEntry(cid, new TreeSet<>(tags)))));
  }

  /** Updates {@code observed} to {@code spec}, superseding what was observed. */
  public SignedOperation update(PinState observed, PinSpec spec) {
    long version = 0;
    for (PinValue value : observed.live().values()) {
      version = Math.max(version, value.version() + 1);
    }
    SortedSet<OperationId> replaces = new TreeSet<>(observed.live().keySet());
    return sign(
        new UpdateOperation(RING, nonce(), List.of(new UpdateEntry(spec, version, replaces))));
  }

  public SignedOperation ringOperation(String type, String payload) {
    return sign(new RingOperation(RING, nonce(), type, Ipld.of(payload)));
  }

  public SignedOperation checkpoint(Checkpoint checkpoint) {
    return sign(new CheckpointOperation(RING, nonce(), checkpoint));
  }
}
