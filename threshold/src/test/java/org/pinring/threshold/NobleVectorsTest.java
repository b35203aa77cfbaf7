package org.pinring.threshold;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pinring.threshold.internal.EdwardsPoint;
import org.pinring.threshold.internal.Scalar;

/**
 * Vectors computed by an independent FROST implementation, {@code @noble/curves} (see {@code
 * interop/js/threshold/frost-vectors.mjs}; {@link NobleRegenerationTest} proves the file is still
 * what it prints): signing transcripts, a DKG run, and PinRing's DAG-CBOR forms encoded by
 * {@code @ipld/dag-cbor}.
 */
class NobleVectorsTest {

  static final String RESOURCE = "js-noble-frost.json";
  private static final HexFormat HEX = HexFormat.of();
  private static JsonNode vectors;

  @BeforeAll
  static void load() throws Exception {
    vectors = new ObjectMapper().readTree(Vectors.read(RESOURCE));
  }

  @Test
  void nobleTranscriptsCheckValueByValue() throws Exception {
    assertThat(vectors.get("transcripts").size()).isEqualTo(3);
    for (JsonNode t : vectors.get("transcripts")) {
      Transcript transcript = TranscriptJson.read(t.toString());
      assertThat(TranscriptChecker.check(transcript)).isEmpty();
    }
  }

  @Test
  void nobleDkgProofsSharesAndKeysCheck() {
    JsonNode dkg = vectors.get("dkg");
    int min = dkg.get("min").asInt();
    Map<Identifier, VssCommitment> commitments = new TreeMap<>();
    for (JsonNode p : dkg.get("round1")) {
      Identifier id = Identifier.of(p.get("identifier").asLong());
      List<GroupElement> elements = new ArrayList<>();
      p.get("commitment")
          .forEach(c -> elements.add(GroupElement.fromBytes(HEX.parseHex(c.asText()))));
      DkgParticipant.Round1Package pkg =
          new DkgParticipant.Round1Package(
              id,
              VssCommitment.fromElements(elements),
              Signature.fromBytes(HEX.parseHex(p.get("proof_of_knowledge").asText())));
      assertThat(DkgParticipant.verifyProof(pkg)).as("proof of %s", id).isTrue();
      assertThat(pkg.commitment().size()).isEqualTo(min);
      commitments.put(id, pkg.commitment());
    }
    Map<Identifier, Scalar> sums = new TreeMap<>();
    for (JsonNode s : dkg.get("round2")) {
      Identifier from = Identifier.of(s.get("from").asLong());
      Identifier to = Identifier.of(s.get("to").asLong());
      Scalar share = Scalar.decodeCanonical(HEX.parseHex(s.get("signing_share").asText()));
      assertThat(commitments.get(from).verify(to, share)).isTrue();
      sums.merge(to, share, Scalar::add);
    }
    VssCommitment total = VssCommitment.sum(new ArrayList<>(commitments.values()));
    for (JsonNode r : dkg.get("results")) {
      Identifier id = Identifier.of(r.get("identifier").asLong());
      Scalar share = Scalar.decodeCanonical(HEX.parseHex(r.get("signing_share").asText()));
      // noble keeps f_i(i) itself; the sum of received shares plus that equals the final share.
      Scalar own = share.subtract(sums.get(id));
      assertThat(commitments.get(id).verify(id, own)).isTrue();
      assertThat(HEX.formatHex(EdwardsPoint.mulBase(share).encode()))
          .isEqualTo(r.get("verifying_share").asText());
      assertThat(GroupElement.of(total.publicShare(id)).toString())
          .isEqualTo(r.get("verifying_share").asText());
      assertThat(total.groupKey().toString()).isEqualTo(r.get("verifying_key").asText());
    }
  }

  /** The values the generator encoded, rebuilt from the 3-of-5 transcript. */
  static Map<String, byte[]> javaEncodings() {
    JsonNode t = vectors.get("transcripts").get(1);
    JsonNode inputs = t.get("inputs");
    int min = t.get("config").get("MIN_PARTICIPANTS").asInt();
    GroupElement groupKey =
        GroupElement.fromBytes(HEX.parseHex(inputs.get("group_public_key").asText()));
    Map<Identifier, GroupElement> verifying = new LinkedHashMap<>();
    Map<Identifier, KeyPackage> keys = new TreeMap<>();
    for (JsonNode s : inputs.get("participant_shares")) {
      Identifier id = Identifier.of(s.get("identifier").asLong());
      Scalar share = Scalar.decodeCanonical(HEX.parseHex(s.get("participant_share").asText()));
      KeyPackage key = new KeyPackage(id, share, groupKey, min);
      keys.put(id, key);
      verifying.put(id, key.verifyingShare());
    }
    List<Scalar> coefficients = new ArrayList<>();
    coefficients.add(Scalar.decodeCanonical(HEX.parseHex(inputs.get("group_secret_key").asText())));
    inputs
        .get("share_polynomial_coefficients")
        .forEach(a -> coefficients.add(Scalar.decodeCanonical(HEX.parseHex(a.asText()))));
    List<SigningCommitment> commitments = new ArrayList<>();
    for (JsonNode r : t.get("round_one_outputs").get("outputs")) {
      commitments.add(
          new SigningCommitment(
              Identifier.of(r.get("identifier").asLong()),
              GroupElement.fromBytes(HEX.parseHex(r.get("hiding_nonce_commitment").asText())),
              GroupElement.fromBytes(HEX.parseHex(r.get("binding_nonce_commitment").asText()))));
    }
    SigningPackage pkg =
        new SigningPackage(HEX.parseHex(inputs.get("message").asText()), commitments);
    SortedMap<Identifier, SignatureShare> shares = new TreeMap<>();
    for (JsonNode r : t.get("round_two_outputs").get("outputs")) {
      Identifier id = Identifier.of(r.get("identifier").asLong());
      shares.put(id, SignatureShare.fromBytes(id, HEX.parseHex(r.get("sig_share").asText())));
    }
    Signature sig = Signature.fromBytes(HEX.parseHex(t.get("final_output").get("sig").asText()));
    Identifier first = Identifier.of(1);
    JsonNode dkg = vectors.get("dkg");
    List<GroupElement> dkgCommitment = new ArrayList<>();
    dkg.get("round1")
        .get(0)
        .get("commitment")
        .forEach(c -> dkgCommitment.add(GroupElement.fromBytes(HEX.parseHex(c.asText()))));
    JsonNode r2 = dkg.get("round2").get(0);
    Map<String, byte[]> out = new LinkedHashMap<>();
    out.put("key-package", FrostCbor.encode(keys.get(first)));
    out.put("public-key-package", FrostCbor.encode(new PublicKeyPackage(groupKey, verifying, min)));
    out.put(
        "secret-share",
        FrostCbor.encode(
            new SecretShare(
                first,
                keys.get(first).signingShare(),
                VssCommitment.of(Polynomials.commit(coefficients)))));
    out.put("commitment", FrostCbor.encode(commitments.get(0)));
    out.put("signing-package", FrostCbor.encode(pkg));
    out.put("signature-share", FrostCbor.encode(shares.get(shares.firstKey())));
    out.put(
        "signing-transcript", FrostCbor.encode(new SigningTranscript(groupKey, pkg, shares, sig)));
    out.put(
        "dkg-round1",
        FrostCbor.encode(
            new DkgParticipant.Round1Package(
                first,
                VssCommitment.fromElements(dkgCommitment),
                Signature.fromBytes(
                    HEX.parseHex(dkg.get("round1").get(0).get("proof_of_knowledge").asText())))));
    out.put(
        "dkg-round2",
        FrostCbor.encode(
            new DkgParticipant.Round2Package(
                Identifier.of(r2.get("from").asLong()),
                Identifier.of(r2.get("to").asLong()),
                SecretValue.fromBytes(HEX.parseHex(r2.get("signing_share").asText())))));
    return out;
  }

  @Test
  void cborFormsAreByteIdenticalToTheJsReferenceCodec() {
    JsonNode cbor = vectors.get("cbor");
    Map<String, byte[]> java = javaEncodings();
    assertThat(java.keySet()).containsExactlyInAnyOrderElementsOf(() -> cbor.fieldNames());
    java.forEach(
        (name, bytes) ->
            assertThat(HEX.formatHex(bytes)).as(name).isEqualTo(cbor.get(name).asText()));
  }

  @Test
  void jsEncodedFormsDecodeToTheSameValues() {
    JsonNode cbor = vectors.get("cbor");
    Map<String, byte[]> java = javaEncodings();
    byte[] k = HEX.parseHex(cbor.get("key-package").asText());
    assertThat(FrostCbor.encode(FrostCbor.decodeKeyPackage(k))).isEqualTo(k);
    byte[] p = HEX.parseHex(cbor.get("public-key-package").asText());
    assertThat(FrostCbor.encode(FrostCbor.decodePublicKeyPackage(p))).isEqualTo(p);
    byte[] s = HEX.parseHex(cbor.get("secret-share").asText());
    assertThat(FrostCbor.decodeSecretShare(s).verify().identifier()).isEqualTo(Identifier.of(1));
    byte[] c = HEX.parseHex(cbor.get("commitment").asText());
    assertThat(FrostCbor.encode(FrostCbor.decodeCommitment(c))).isEqualTo(c);
    byte[] sp = HEX.parseHex(cbor.get("signing-package").asText());
    assertThat(FrostCbor.encode(FrostCbor.decodeSigningPackage(sp))).isEqualTo(sp);
    byte[] ss = HEX.parseHex(cbor.get("signature-share").asText());
    assertThat(FrostCbor.encode(FrostCbor.decodeSignatureShare(ss))).isEqualTo(ss);
    byte[] tr = HEX.parseHex(cbor.get("signing-transcript").asText());
    SigningTranscript transcript = FrostCbor.decodeTranscript(tr);
    transcript.check(FrostCbor.decodePublicKeyPackage(p));
    assertThat(FrostCbor.encode(transcript)).isEqualTo(tr);
    byte[] d1 = HEX.parseHex(cbor.get("dkg-round1").asText());
    assertThat(FrostCbor.encode(FrostCbor.decodeDkgRound1(d1))).isEqualTo(d1);
    byte[] d2 = HEX.parseHex(cbor.get("dkg-round2").asText());
    assertThat(FrostCbor.encode(FrostCbor.decodeDkgRound2(d2))).isEqualTo(d2);
    assertThat(java).hasSize(9);
  }
}
