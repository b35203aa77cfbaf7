package org.pinring.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.pinring.runtime.SecureRandomSource;
import org.pinring.threshold.internal.Scalar;

class RefreshAndRepairTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] MESSAGE = "refresh".getBytes(StandardCharsets.UTF_8);

  private static Map<Identifier, KeyPackage> keys(TrustedDealer.Dealt dealt) {
    Map<Identifier, KeyPackage> keys = new TreeMap<>();
    dealt.shares().forEach((id, s) -> keys.put(id, s.verify()));
    return keys;
  }

  @Test
  void distributedRefreshKeepsTheGroupKeyAndDropsLeftOutParticipants() {
    SecureRandomSource random = TestRandom.seeded(10);
    TrustedDealer.Dealt dealt = TrustedDealer.deal(3, 5, random);
    Map<Identifier, KeyPackage> old = keys(dealt);
    List<Identifier> kept =
        List.of(Identifier.of(1), Identifier.of(2), Identifier.of(4), Identifier.of(5));
    List<ShareRefresh.Dealing> dealings = new ArrayList<>();
    for (Identifier dealer : kept) {
      dealings.add(ShareRefresh.deal(dealer, 3, kept, random));
    }
    Map<Identifier, KeyPackage> fresh = new TreeMap<>();
    for (Identifier id : kept) {
      List<ShareRefresh.Received> received = new ArrayList<>();
      for (ShareRefresh.Dealing d : dealings) {
        received.add(ShareRefresh.Received.from(d, id));
      }
      fresh.put(id, ShareRefresh.apply(old.get(id), received));
    }
    List<List<GroupElement>> commitments = new ArrayList<>();
    dealings.forEach(d -> commitments.add(d.publicCommitment()));
    PublicKeyPackage refreshed = ShareRefresh.apply(dealt.publicKeys(), kept, commitments);

    assertThat(refreshed.groupKey()).isEqualTo(dealt.publicKeys().groupKey());
    assertThat(refreshed.verifyingShares().keySet()).containsExactlyElementsOf(kept);
    for (Identifier id : kept) {
      assertThat(fresh.get(id).signingShareBytes()).isNotEqualTo(old.get(id).signingShareBytes());
      assertThat(refreshed.verifyingShare(id)).isEqualTo(fresh.get(id).verifyingShare());
    }
    Signature sig = SigningHarness.sign(fresh, List.of(1, 4, 5), MESSAGE, refreshed, random);
    assertThat(Frost.verify(refreshed.groupKey(), MESSAGE, sig)).isTrue();

    // An old share mixed with new ones no longer produces a valid signature.
    Map<Identifier, KeyPackage> mixed = new TreeMap<>(fresh);
    mixed.put(Identifier.of(1), old.get(Identifier.of(1)));
    assertThatThrownBy(
            () -> SigningHarness.sign(mixed, List.of(1, 4, 5), MESSAGE, refreshed, random))
        .isInstanceOf(CheaterDetectedException.class)
        .satisfies(
            e ->
                assertThat(((CheaterDetectedException) e).culprits())
                    .containsExactly(Identifier.of(1)));
  }

  @Test
  void aBadRefreshValueNamesItsDealer() {
    SecureRandomSource random = TestRandom.seeded(11);
    TrustedDealer.Dealt dealt = TrustedDealer.deal(2, 3, random);
    KeyPackage key = dealt.shares().get(Identifier.of(1)).verify();
    List<Identifier> all = List.of(Identifier.of(1), Identifier.of(2), Identifier.of(3));
    ShareRefresh.Dealing good = ShareRefresh.deal(Identifier.of(2), 2, all, random);
    ShareRefresh.Dealing bad = ShareRefresh.deal(Identifier.of(3), 2, all, random);
    ShareRefresh.Received tampered =
        new ShareRefresh.Received(
            bad.dealer(),
            bad.commitment(),
            new SecretValue(bad.shares().get(Identifier.of(1)).scalar().add(Scalar.ONE)));
    assertThatThrownBy(
            () ->
                ShareRefresh.apply(
                    key, List.of(ShareRefresh.Received.from(good, Identifier.of(1)), tampered)))
        .isInstanceOf(CheaterDetectedException.class)
        .satisfies(
            e ->
                assertThat(((CheaterDetectedException) e).culprits())
                    .containsExactly(Identifier.of(3)));
  }

  @Test
  void repairsALostShareWithThresholdHelpers() {
    SecureRandomSource random = TestRandom.seeded(12);
    TrustedDealer.Dealt dealt = TrustedDealer.deal(3, 5, random);
    Map<Identifier, KeyPackage> keys = keys(dealt);
    Identifier lost = Identifier.of(2);
    List<Identifier> helpers = List.of(Identifier.of(1), Identifier.of(4), Identifier.of(5));
    Map<Identifier, SortedMap<Identifier, SecretValue>> deltas = new TreeMap<>();
    for (Identifier h : helpers) {
      deltas.put(h, ShareRepair.deltas(helpers, keys.get(h), lost, random));
    }
    List<SecretValue> sigmas = new ArrayList<>();
    for (Identifier h : helpers) {
      List<SecretValue> toH = new ArrayList<>();
      deltas.values().forEach(m -> toH.add(m.get(h)));
      sigmas.add(ShareRepair.sigma(toH));
    }
    KeyPackage repaired = ShareRepair.recover(sigmas, lost, dealt.publicKeys());
    assertThat(repaired).isEqualTo(keys.get(lost));

    sigmas.set(0, new SecretValue(sigmas.get(0).scalar().add(Scalar.ONE)));
    assertThatThrownBy(() -> ShareRepair.recover(sigmas, lost, dealt.publicKeys()))
        .isInstanceOf(ProtocolViolationException.class);
    assertThatThrownBy(
            () ->
                ShareRepair.deltas(helpers.subList(0, 2), keys.get(Identifier.of(1)), lost, random))
        .isInstanceOf(ProtocolViolationException.class);
    assertThatThrownBy(
            () ->
                ShareRepair.deltas(
                    List.of(Identifier.of(1), Identifier.of(2), Identifier.of(3)),
                    keys.get(Identifier.of(1)),
                    lost,
                    random))
        .isInstanceOf(ProtocolViolationException.class);
  }

  /** The Zcash Foundation repair-share vector: the sums of steps two and three. */
  @Test
  void zcashRepairShareVector() throws Exception {
    JsonNode v = new ObjectMapper().readTree(Vectors.read(Vectors.ZCASH_REPAIR));
    JsonNode deltas = v.get("scalar_generation");
    List<SecretValue> three = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      three.add(SecretValue.fromBytes(HEX.parseHex(deltas.get("random_scalar_" + i).asText())));
    }
    assertThat(HEX.formatHex(ShareRepair.sigma(three).toBytes()))
        .isEqualTo(deltas.get("random_scalar_sum").asText());
    JsonNode sigmas = v.get("sigma_generation");
    List<SecretValue> four = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      four.add(SecretValue.fromBytes(HEX.parseHex(sigmas.get("sigma_" + i).asText())));
    }
    assertThat(HEX.formatHex(ShareRepair.sigma(four).toBytes()))
        .isEqualTo(sigmas.get("sigma_sum").asText());
  }
}
