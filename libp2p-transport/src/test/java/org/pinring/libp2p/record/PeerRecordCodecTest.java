package org.pinring.libp2p.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.crypto.Ed25519PrivateKey;
import org.pinring.libp2p.internal.proto.ProtoWriter;
import org.pinring.multiformats.Multiaddr;

/** Envelope and peer record codecs: round trips, mutations, truncations, limits, seq order. */
class PeerRecordCodecTest {

  private static final Ed25519PrivateKey KEY = key(1);
  private static final Ed25519PrivateKey OTHER = key(2);

  @Property(tries = 200)
  void signedRecordsRoundTrip(@ForAll("records") PeerRecord record) {
    SignedPeerRecord sealed = SignedPeerRecord.seal(KEY, record);

    SignedPeerRecord opened = SignedPeerRecord.open(sealed.encode());

    assertThat(opened.record()).isEqualTo(record);
    assertThat(opened).isEqualTo(sealed);
    assertThat(PeerRecord.decode(record.encode())).isEqualTo(record);
    assertThat(SignedEnvelope.decode(sealed.encode()).encode()).isEqualTo(sealed.encode());
  }

  @Property(tries = 500)
  void mutatedEnvelopesFailOnlyWithInvalidRecordException(
      @ForAll("records") PeerRecord record, @ForAll("positions") int position, @ForAll byte value) {
    byte[] encoded = SignedPeerRecord.seal(KEY, record).encode();
    int at = Math.floorMod(position, encoded.length);
    boolean changed = encoded[at] != value;
    encoded[at] = value;
    try {
      SignedPeerRecord opened = SignedPeerRecord.open(encoded);
      // A signed record survives only an unchanged byte.
      assertThat(changed).isFalse();
      assertThat(opened.record()).isEqualTo(record);
    } catch (InvalidRecordException expected) {
      assertThat(changed).isTrue();
    }
  }

  @Property(tries = 100)
  void everyTruncationFailsWithInvalidRecordException(@ForAll("records") PeerRecord record) {
    byte[] encoded = SignedPeerRecord.seal(KEY, record).encode();
    for (int length = 0; length < encoded.length; length++) {
      byte[] prefix = Arrays.copyOf(encoded, length);
      assertThatThrownBy(() -> SignedPeerRecord.open(prefix))
          .isInstanceOf(InvalidRecordException.class);
    }
  }

  @Property(tries = 300)
  void mutatedRecordPayloadsFailOnlyWithInvalidRecordException(
      @ForAll("records") PeerRecord record, @ForAll("positions") int position, @ForAll byte value) {
    byte[] encoded = record.encode();
    encoded[Math.floorMod(position, encoded.length)] = value;
    try {
      PeerRecord decoded = PeerRecord.decode(encoded);
      assertThat(decoded.addresses()).hasSizeLessThanOrEqualTo(PeerRecord.MAX_ADDRESSES);
    } catch (InvalidRecordException expected) {
      // the declared failure
    }
  }

  @Test
  void refusesAnEnvelopeLargerThanTheLimitBeforeParsing() {
    byte[] huge = new byte[SignedEnvelope.MAX_ENVELOPE_BYTES + 1];
    assertThatThrownBy(() -> SignedEnvelope.decode(huge))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessageContaining("exceeds the limit");
  }

  @Test
  void refusesARecordWithMoreAddressesThanTheLimit() {
    ProtoWriter writer = new ProtoWriter().bytes(1, peer(KEY).toBytes()).varint(2, 1);
    byte[] address = Multiaddr.parse("/ip4/127.0.0.1/tcp/1").toBytes();
    for (int i = 0; i <= PeerRecord.MAX_ADDRESSES; i++) {
      writer.bytes(3, new ProtoWriter().bytes(1, address).toByteArray());
    }
    byte[] tooMany = writer.toByteArray();

    assertThatThrownBy(() -> PeerRecord.decode(tooMany))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessageContaining("more than " + PeerRecord.MAX_ADDRESSES);
    List<Multiaddr> addresses = new ArrayList<>();
    for (int i = 0; i <= PeerRecord.MAX_ADDRESSES; i++) {
      addresses.add(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + (i + 1)));
    }
    assertThatThrownBy(() -> new PeerRecord(peer(KEY), 1, addresses))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anEnvelopeSignedForAnotherDomainDoesNotVerify() {
    PeerRecord record = new PeerRecord(peer(KEY), 7, List.of());
    SignedEnvelope other =
        SignedEnvelope.seal(KEY, "another-domain", PeerRecord.payloadType(), record.encode());

    assertThat(other.verify("another-domain")).isTrue();
    assertThat(other.verify(PeerRecord.DOMAIN)).isFalse();
    assertThatThrownBy(() -> SignedPeerRecord.open(other.encode()))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessageContaining("signature");
    assertThatThrownBy(() -> SignedEnvelope.open(other.encode(), PeerRecord.DOMAIN))
        .isInstanceOf(InvalidRecordException.class);
  }

  @Test
  void aRecordSignedByAnotherPeerIsRefused() {
    PeerRecord record = new PeerRecord(peer(OTHER), 7, List.of());
    SignedEnvelope envelope =
        SignedEnvelope.seal(KEY, PeerRecord.DOMAIN, PeerRecord.payloadType(), record.encode());

    assertThatThrownBy(() -> SignedPeerRecord.open(envelope.encode()))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessageContaining("signed by");
    assertThatThrownBy(() -> SignedPeerRecord.seal(KEY, record))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anotherPayloadTypeIsRefused() {
    PeerRecord record = new PeerRecord(peer(KEY), 7, List.of());
    SignedEnvelope envelope =
        SignedEnvelope.seal(KEY, PeerRecord.DOMAIN, new byte[] {3, 2}, record.encode());

    assertThatThrownBy(() -> SignedPeerRecord.open(envelope.encode()))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessageContaining("payload type");
  }

  @Test
  void sequenceNumbersCompareUnsigned() {
    PeerRecord small = new PeerRecord(peer(KEY), 1, List.of());
    PeerRecord large = new PeerRecord(peer(KEY), -1, List.of()); // 2^64 - 1
    SignedPeerRecord signedSmall = SignedPeerRecord.seal(KEY, small);
    SignedPeerRecord signedLarge = SignedPeerRecord.seal(KEY, large);

    assertThat(large.isNewerThan(small)).isTrue();
    assertThat(small.isNewerThan(large)).isFalse();
    assertThat(small.isNewerThan(small)).isFalse();
    assertThat(signedLarge.supersedes(signedSmall)).isTrue();
    assertThat(signedSmall.supersedes(signedLarge)).isFalse();
    assertThat(
            SignedPeerRecord.seal(OTHER, new PeerRecord(peer(OTHER), 5, List.of()))
                .supersedes(signedSmall))
        .isFalse();
  }

  @Provide
  Arbitrary<PeerRecord> records() {
    Arbitrary<Multiaddr> address =
        Combinators.combine(
                Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(1, 65535),
                Arbitraries.of(true, false))
            .as(
                (a, b, port, v4) ->
                    Multiaddr.parse(
                        v4
                            ? "/ip4/10." + a + ".0." + b + "/tcp/" + port
                            : "/ip6/fe80::" + a + ":" + b + "/tcp/" + port));
    return Combinators.combine(Arbitraries.longs(), address.list().ofMaxSize(8))
        .as((seq, addresses) -> new PeerRecord(peer(KEY), seq, addresses));
  }

  @Provide
  Arbitrary<Integer> positions() {
    return Arbitraries.integers().between(0, Integer.MAX_VALUE);
  }

  static Ed25519PrivateKey key(int index) {
    return Ed25519PrivateKey.fromSeed(ByteBuffer.allocate(32).putInt(index).array());
  }

  static PeerId peer(Ed25519PrivateKey key) {
    return PeerId.fromPublicKey(key.publicKey());
  }
}
