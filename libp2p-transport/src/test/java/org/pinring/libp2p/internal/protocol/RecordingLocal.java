package org.pinring.libp2p.internal.protocol;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.pinring.libp2p.Connection;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.crypto.PrivateKey;
import org.pinring.libp2p.crypto.PublicKey;
import org.pinring.libp2p.record.SignedPeerRecord;
import org.pinring.multiformats.Multiaddr;
import org.pinring.runtime.SimulatedTime;

/** A host for identify tests: it records what identify tells it and sends its own record. */
final class RecordingLocal implements IdentifyService.Local {

  /** One call of {@link #learned}. */
  record Learned(
      PeerId peer, IdentifyMessage message, Optional<SignedPeerRecord> record, boolean push) {}

  private final PrivateKey key;
  final SelfPeerRecord self;
  final List<Multiaddr> listen = new ArrayList<>();
  final List<Learned> learned = new ArrayList<>();
  private long firstSeq = -1;

  RecordingLocal(PrivateKey key, Multiaddr listenAddress) {
    this.key = key;
    this.self = new SelfPeerRecord(key, new SimulatedTime());
    listen.add(listenAddress);
  }

  /** The seq of the first record identify sent. */
  long firstSeq() {
    return firstSeq;
  }

  @Override
  public PublicKey publicKey() {
    return key.publicKey();
  }

  @Override
  public String agentVersion() {
    return "local/1";
  }

  @Override
  public List<Multiaddr> listenAddresses() {
    return List.copyOf(listen);
  }

  @Override
  public Set<String> protocols() {
    return Set.of(IdentifyService.PROTOCOL_ID);
  }

  @Override
  public Duration addressTtl() {
    return Duration.ofHours(1);
  }

  @Override
  public Optional<SignedPeerRecord> peerRecord() {
    Optional<SignedPeerRecord> record = self.current(listen);
    if (firstSeq < 0) {
      record.ifPresent(r -> firstSeq = r.record().seq());
    }
    return record;
  }

  @Override
  public void learned(
      PeerId peer, IdentifyMessage message, Optional<SignedPeerRecord> record, boolean push) {
    learned.add(new Learned(peer, message, record, push));
  }

  @Override
  public void observed(Connection connection, Multiaddr address) {}
}
