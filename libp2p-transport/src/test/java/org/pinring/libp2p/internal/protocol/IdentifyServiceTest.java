package org.pinring.libp2p.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.crypto.Ed25519PrivateKey;
import org.pinring.libp2p.record.PeerRecord;
import org.pinring.libp2p.record.SignedEnvelope;
import org.pinring.libp2p.record.SignedPeerRecord;
import org.pinring.multiformats.Multiaddr;

/**
 * Signed peer records in identify, both directions, without a network: what identify and push send,
 * and which received records reach the host (remote's own, intact) and which are dropped while the
 * rest of the message still applies.
 */
class IdentifyServiceTest {

  private static final Ed25519PrivateKey LOCAL_KEY = key(1);
  private static final Ed25519PrivateKey REMOTE_KEY = key(2);
  private static final Ed25519PrivateKey THIRD_KEY = key(3);
  private static final PeerId REMOTE = PeerId.fromPublicKey(REMOTE_KEY.publicKey());
  private static final PeerId THIRD = PeerId.fromPublicKey(THIRD_KEY.publicKey());
  private static final Multiaddr LOCAL_ADDRESS = Multiaddr.parse("/ip4/192.0.2.1/tcp/4001");
  private static final Multiaddr REMOTE_ADDRESS = Multiaddr.parse("/ip4/192.0.2.2/tcp/4001");
  private static final Multiaddr OTHER_ADDRESS = Multiaddr.parse("/ip4/198.51.100.7/tcp/4001");

  private final RecordingLocal local = new RecordingLocal(LOCAL_KEY, LOCAL_ADDRESS);
  private final IdentifyService identify = new IdentifyService(local);
  private final ScriptedConnection connection = new ScriptedConnection(REMOTE_KEY, REMOTE_ADDRESS);

  @Test
  void identifyResponsesCarryTheHostsOwnRecord() {
    ScriptedStream stream = connection.inbound(IdentifyService.PROTOCOL_ID);
    identify.identifyHandler().onStream(stream);

    IdentifyMessage sent = decodeWritten(stream);
    SignedPeerRecord record = SignedPeerRecord.open(sent.signedPeerRecord());
    assertThat(record).isEqualTo(local.self.current(List.of(LOCAL_ADDRESS)).orElseThrow());
    assertThat(record.peerId()).isEqualTo(PeerId.fromPublicKey(LOCAL_KEY.publicKey()));
    assertThat(record.record().addresses()).containsExactly(LOCAL_ADDRESS);
    assertThat(stream.writeClosed).isTrue();
  }

  @Test
  void pushesCarryTheRecordOfTheCurrentAddresses() {
    identify.identifyHandler().onStream(connection.inbound(IdentifyService.PROTOCOL_ID));
    local.listen.add(OTHER_ADDRESS);

    identify.push(connection).join();

    IdentifyMessage pushed = decodeWritten(connection.opened.get(0));
    SignedPeerRecord record = SignedPeerRecord.open(pushed.signedPeerRecord());
    assertThat(record.record().addresses()).containsExactly(LOCAL_ADDRESS, OTHER_ADDRESS);
    assertThat(record.record().seq()).isGreaterThan(local.firstSeq());
  }

  @Test
  void aHostWithoutAddressesSendsNoRecord() {
    local.listen.clear();
    ScriptedStream stream = connection.inbound(IdentifyService.PROTOCOL_ID);
    identify.identifyHandler().onStream(stream);

    assertThat(decodeWritten(stream).signedPeerRecord()).isNull();
  }

  @Test
  void theRemotesOwnRecordIsAcceptedFromAPushSplitAtEveryPoint() {
    SignedPeerRecord record = record(REMOTE_KEY, REMOTE, 7, REMOTE_ADDRESS);
    byte[] framed = frame(message(record.encode()));
    for (int split = 0; split <= framed.length; split++) {
      ScriptedStream stream = connection.inbound(IdentifyService.PUSH_PROTOCOL_ID);
      identify.pushHandler().onStream(stream);
      stream.receiveSplitAt(framed, split);
    }
    ScriptedStream oneByteAtATime = connection.inbound(IdentifyService.PUSH_PROTOCOL_ID);
    identify.pushHandler().onStream(oneByteAtATime);
    oneByteAtATime.receiveInChunks(framed, 1);

    assertThat(local.learned).hasSize(framed.length + 2);
    for (RecordingLocal.Learned learned : local.learned) {
      assertThat(learned.peer()).isEqualTo(REMOTE);
      assertThat(learned.record()).contains(record);
      assertThat(learned.push()).isTrue();
    }
  }

  @Test
  void theRecordInAnIdentifyResponseIsAccepted() {
    SignedPeerRecord record = record(REMOTE_KEY, REMOTE, 7, REMOTE_ADDRESS);
    CompletableFuture<IdentifyMessage> answer = identify.identify(connection);
    connection.opened.get(0).receiveInChunks(frame(message(record.encode())), 3);

    assertThat(answer.join().signedPeerRecord()).isEqualTo(record.encode());
    assertThat(local.learned)
        .singleElement()
        .satisfies(l -> assertThat(l.record()).contains(record));
    assertThat(local.learned.get(0).push()).isFalse();
  }

  @Test
  void aRecordSignedByAnotherPeerIsIgnoredAndTheRestApplies() {
    // A valid record, but of a third peer relayed by the remote: identify certifies only the
    // remote's own addresses.
    SignedPeerRecord third = record(THIRD_KEY, THIRD, 7, OTHER_ADDRESS);

    RecordingLocal.Learned learned = push(message(third.encode()));

    assertThat(learned.record()).isEmpty();
    assertRestApplied(learned);
  }

  @Test
  void aRecordWhosePeerIsNotItsSignerIsIgnoredAndTheRestApplies() {
    // Signed by the remote's key, but the record claims a third peer's addresses.
    byte[] envelope =
        SignedEnvelope.seal(
                REMOTE_KEY,
                PeerRecord.DOMAIN,
                PeerRecord.payloadType(),
                new PeerRecord(THIRD, 7, List.of(OTHER_ADDRESS)).encode())
            .encode();

    RecordingLocal.Learned learned = push(message(envelope));

    assertThat(learned.record()).isEmpty();
    assertRestApplied(learned);
  }

  @Test
  void anEnvelopeOfAnotherDomainOrPayloadTypeIsIgnored() {
    byte[] payload = new PeerRecord(REMOTE, 7, List.of(REMOTE_ADDRESS)).encode();
    byte[] otherDomain =
        SignedEnvelope.seal(REMOTE_KEY, "libp2p-routing-state", PeerRecord.payloadType(), payload)
            .encode();
    byte[] otherType =
        SignedEnvelope.seal(REMOTE_KEY, PeerRecord.DOMAIN, new byte[] {0x03, 0x02}, payload)
            .encode();

    assertThat(push(message(otherDomain)).record()).isEmpty();
    assertThat(push(message(otherType)).record()).isEmpty();
    assertRestApplied(local.learned.get(1));
  }

  @Test
  void everyTruncatedRecordIsIgnoredAndTheRestApplies() {
    byte[] envelope = record(REMOTE_KEY, REMOTE, 7, REMOTE_ADDRESS).encode();
    for (int length = 0; length < envelope.length; length++) {
      RecordingLocal.Learned learned = push(message(Arrays.copyOf(envelope, length)));
      assertThat(learned.record()).isEmpty();
      assertRestApplied(learned);
    }
  }

  @Property(tries = 300)
  void aMutatedRecordIsAcceptedOnlyUnchangedAndNeverStopsTheRest(
      @ForAll @IntRange(min = 0, max = 10_000) int position, @ForAll byte value) {
    SignedPeerRecord record = record(REMOTE_KEY, REMOTE, 7, REMOTE_ADDRESS);
    byte[] envelope = record.encode();
    int at = position % envelope.length;
    boolean changed = envelope[at] != value;
    envelope[at] = value;

    RecordingLocal.Learned learned = push(message(envelope));

    assertThat(learned.record().isPresent()).isEqualTo(!changed);
    assertRestApplied(learned);
  }

  @Test
  void aRecordFieldOverTheEnvelopeBoundMakesTheMessageMalformed() {
    byte[] oversized = new byte[SignedEnvelope.MAX_ENVELOPE_BYTES + 1];
    ScriptedStream stream = connection.inbound(IdentifyService.PUSH_PROTOCOL_ID);
    identify.pushHandler().onStream(stream);
    stream.receiveInChunks(frame(message(oversized)), 1024);

    assertThat(local.learned).isEmpty();
  }

  private RecordingLocal.Learned push(IdentifyMessage message) {
    int before = local.learned.size();
    ScriptedStream stream = connection.inbound(IdentifyService.PUSH_PROTOCOL_ID);
    identify.pushHandler().onStream(stream);
    stream.receiveInChunks(frame(message), 64);
    assertThat(local.learned).hasSize(before + 1);
    return local.learned.get(before);
  }

  private static void assertRestApplied(RecordingLocal.Learned learned) {
    assertThat(learned.peer()).isEqualTo(REMOTE);
    assertThat(learned.message().listenAddresses()).containsExactly(REMOTE_ADDRESS);
    assertThat(learned.message().protocols()).containsExactly("/pinring/test/1.0.0");
    assertThat(learned.message().agentVersion()).isEqualTo("remote/1");
  }

  private static IdentifyMessage message(byte[] signedPeerRecord) {
    return new IdentifyMessage(
        IdentifyService.PROTOCOL_VERSION,
        "remote/1",
        REMOTE_KEY.publicKey().toProtobuf(),
        List.of(REMOTE_ADDRESS),
        Optional.of(LOCAL_ADDRESS),
        List.of("/pinring/test/1.0.0"),
        signedPeerRecord);
  }

  private static byte[] frame(IdentifyMessage message) {
    return LengthPrefixed.frame(message.encode());
  }

  private static IdentifyMessage decodeWritten(ScriptedStream stream) {
    return IdentifyMessage.decode(
        LengthPrefixed.unframe(stream.written(), IdentifyMessage.MAX_BYTES));
  }

  private static SignedPeerRecord record(
      Ed25519PrivateKey key, PeerId peer, long seq, Multiaddr address) {
    return SignedPeerRecord.seal(key, new PeerRecord(peer, seq, List.of(address)));
  }

  private static Ed25519PrivateKey key(int n) {
    byte[] seed = new byte[32];
    seed[0] = (byte) n;
    return Ed25519PrivateKey.fromSeed(seed);
  }
}
