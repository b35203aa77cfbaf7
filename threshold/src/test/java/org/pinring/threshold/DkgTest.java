package org.pinring.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.pinring.runtime.SecureRandomSource;
import org.pinring.threshold.internal.Scalar;

class DkgTest {

  private static final HexFormat HEX = HexFormat.of();

  private static Scalar scalar(JsonNode n) {
    return Scalar.decodeCanonical(HEX.parseHex(n.asText()));
  }

  /** The Zcash Foundation DKG vector: coefficients given, every derived value must match. */
  @Test
  void reproducesTheZcashDkgVector() throws Exception {
    JsonNode v = new ObjectMapper().readTree(Vectors.read(Vectors.ZCASH_DKG));
    JsonNode inputs = v.get("inputs");
    int t = v.get("config").get("MIN_PARTICIPANTS").asInt();
    int n = v.get("config").get("MAX_PARTICIPANTS").asInt();
    Map<Identifier, DkgParticipant> participants = new TreeMap<>();
    Map<Identifier, DkgParticipant.Round1Package> vectorRound1 = new TreeMap<>();
    for (int i = 1; i <= n; i++) {
      JsonNode p = inputs.get(Integer.toString(i));
      Identifier id = Identifier.of(i);
      DkgParticipant participant =
          DkgParticipant.withCoefficients(
              id,
              t,
              n,
              List.of(scalar(p.get("signing_key")), scalar(p.get("coefficient"))),
              Scalar.ONE);
      List<GroupElement> commitment = new ArrayList<>();
      for (JsonNode c : p.get("vss_commitments")) {
        commitment.add(GroupElement.fromBytes(HEX.parseHex(c.asText())));
      }
      assertThat(participant.round1Package().commitment().elements()).isEqualTo(commitment);
      // The vector's proofs used randomness we do not have: check them, and use them.
      DkgParticipant.Round1Package published =
          new DkgParticipant.Round1Package(
              id,
              VssCommitment.fromElements(commitment),
              Signature.fromBytes(HEX.parseHex(p.get("proof_of_knowledge").asText())));
      assertThat(DkgParticipant.verifyProof(published)).isTrue();
      assertThat(DkgParticipant.verifyProof(participant.round1Package())).isTrue();
      participants.put(id, participant);
      vectorRound1.put(id, published);
    }
    Map<Identifier, Map<Identifier, DkgParticipant.Round2Package>> inbox = new HashMap<>();
    for (DkgParticipant p : participants.values()) {
      Map<Identifier, DkgParticipant.Round1Package> others = new TreeMap<>(vectorRound1);
      others.remove(p.identifier());
      for (DkgParticipant.Round2Package out : p.round2(others).values()) {
        inbox.computeIfAbsent(out.recipient(), k -> new TreeMap<>()).put(out.sender(), out);
      }
    }
    for (DkgParticipant p : participants.values()) {
      JsonNode expected = inputs.get(p.identifier().toString());
      Map<Identifier, DkgParticipant.Round2Package> received = inbox.get(p.identifier());
      for (Map.Entry<Identifier, DkgParticipant.Round2Package> e : received.entrySet()) {
        // signing_shares[j] in the vector is the share participant i received from j.
        assertThat(HEX.formatHex(e.getValue().share().toBytes()))
            .isEqualTo(expected.get("signing_shares").get(e.getKey().toString()).asText());
      }
      DkgParticipant.Result result = p.finish(received);
      assertThat(HEX.formatHex(result.keyPackage().signingShareBytes()))
          .isEqualTo(expected.get("signing_share").asText());
      assertThat(result.keyPackage().verifyingShare().toString())
          .isEqualTo(expected.get("verifying_share").asText());
      assertThat(result.publicKeys().groupKey().toString())
          .isEqualTo(inputs.get("verifying_key").asText());
    }
  }

  static Map<Identifier, DkgParticipant.Result> runDkg(int t, int n, SecureRandomSource random) {
    Map<Identifier, DkgParticipant> participants = new TreeMap<>();
    Map<Identifier, DkgParticipant.Round1Package> round1 = new TreeMap<>();
    for (int i = 1; i <= n; i++) {
      DkgParticipant p = DkgParticipant.start(Identifier.of(i), t, n, random);
      participants.put(p.identifier(), p);
      round1.put(p.identifier(), p.round1Package());
    }
    Map<Identifier, Map<Identifier, DkgParticipant.Round2Package>> inbox = new HashMap<>();
    for (DkgParticipant p : participants.values()) {
      Map<Identifier, DkgParticipant.Round1Package> others = new TreeMap<>(round1);
      others.remove(p.identifier());
      for (DkgParticipant.Round2Package out : p.round2(others).values()) {
        inbox.computeIfAbsent(out.recipient(), k -> new TreeMap<>()).put(out.sender(), out);
      }
    }
    Map<Identifier, DkgParticipant.Result> results = new TreeMap<>();
    for (DkgParticipant p : participants.values()) {
      results.put(p.identifier(), p.finish(inbox.get(p.identifier())));
    }
    return results;
  }

  @Test
  void everyoneAgreesAndAnyThresholdSubsetSigns() throws Exception {
    Map<Identifier, DkgParticipant.Result> results = runDkg(3, 5, TestRandom.seeded(1));
    PublicKeyPackage first = results.get(Identifier.of(1)).publicKeys();
    for (DkgParticipant.Result r : results.values()) {
      assertThat(r.publicKeys()).isEqualTo(first);
    }
    Map<Identifier, KeyPackage> keys = new TreeMap<>();
    results.forEach((id, r) -> keys.put(id, r.keyPackage()));
    Signature sig =
        SigningHarness.sign(
            keys,
            List.of(2, 4, 5),
            "dkg".getBytes(StandardCharsets.UTF_8),
            first,
            TestRandom.seeded(2));
    assertThat(Frost.verify(first.groupKey(), "dkg".getBytes(StandardCharsets.UTF_8), sig))
        .isTrue();
  }

  @Test
  void aForgedProofOfKnowledgeIsAttributed() {
    int t = 2;
    int n = 3;
    SecureRandomSource random = TestRandom.seeded(3);
    DkgParticipant honest = DkgParticipant.start(Identifier.of(1), t, n, random);
    DkgParticipant other = DkgParticipant.start(Identifier.of(2), t, n, random);
    DkgParticipant cheater = DkgParticipant.start(Identifier.of(3), t, n, random);
    // The cheater replays participant 2's commitment and proof under its own identifier: the
    // proof is bound to the sender, so it fails.
    DkgParticipant.Round1Package forged =
        new DkgParticipant.Round1Package(
            Identifier.of(3), other.round1Package().commitment(), other.round1Package().proof());
    Map<Identifier, DkgParticipant.Round1Package> others = new TreeMap<>();
    others.put(Identifier.of(2), other.round1Package());
    others.put(Identifier.of(3), forged);
    assertThatThrownBy(() -> honest.round2(others))
        .isInstanceOf(CheaterDetectedException.class)
        .satisfies(
            e ->
                assertThat(((CheaterDetectedException) e).culprits())
                    .containsExactly(Identifier.of(3)));
    assertThat(cheater.identifier()).isEqualTo(Identifier.of(3));
  }

  @Test
  void aWrongSecretShareIsAttributed() {
    int t = 2;
    int n = 3;
    SecureRandomSource random = TestRandom.seeded(4);
    List<DkgParticipant> ps = new ArrayList<>();
    Map<Identifier, DkgParticipant.Round1Package> round1 = new TreeMap<>();
    for (int i = 1; i <= n; i++) {
      DkgParticipant p = DkgParticipant.start(Identifier.of(i), t, n, random);
      ps.add(p);
      round1.put(p.identifier(), p.round1Package());
    }
    Map<Identifier, Map<Identifier, DkgParticipant.Round2Package>> inbox = new HashMap<>();
    for (DkgParticipant p : ps) {
      Map<Identifier, DkgParticipant.Round1Package> others = new TreeMap<>(round1);
      others.remove(p.identifier());
      for (DkgParticipant.Round2Package out : p.round2(others).values()) {
        DkgParticipant.Round2Package sent = out;
        if (out.sender().equals(Identifier.of(2)) && out.recipient().equals(Identifier.of(1))) {
          sent =
              new DkgParticipant.Round2Package(
                  out.sender(),
                  out.recipient(),
                  new SecretValue(out.share().scalar().add(Scalar.ONE)));
        }
        inbox.computeIfAbsent(out.recipient(), k -> new TreeMap<>()).put(out.sender(), sent);
      }
    }
    assertThatThrownBy(() -> ps.get(0).finish(inbox.get(Identifier.of(1))))
        .isInstanceOf(CheaterDetectedException.class)
        .satisfies(
            e ->
                assertThat(((CheaterDetectedException) e).culprits())
                    .containsExactly(Identifier.of(2)));
    assertThat(ps.get(2).finish(inbox.get(Identifier.of(3))).publicKeys().minSigners())
        .isEqualTo(2);
  }

  @Test
  void rejectsWrongParticipantSetsAndRepeatedRounds() {
    SecureRandomSource random = TestRandom.seeded(5);
    DkgParticipant p = DkgParticipant.start(Identifier.of(1), 2, 3, random);
    assertThatThrownBy(() -> p.round2(Map.of())).isInstanceOf(ProtocolViolationException.class);
    assertThatThrownBy(() -> p.finish(Map.of())).isInstanceOf(ProtocolViolationException.class);
    assertThatThrownBy(() -> DkgParticipant.start(Identifier.of(1), 1, 3, random))
        .isInstanceOf(ProtocolViolationException.class);
  }
}
