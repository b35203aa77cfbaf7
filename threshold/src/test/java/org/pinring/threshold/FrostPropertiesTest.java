package org.pinring.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.pinring.runtime.SecureRandomSource;
import org.pinring.runtime.SeededRandom;
import org.pinring.threshold.internal.Scalar;

/** Randomised FROST sessions: (t, n) up to 10-of-15, random signer sets, tampering, cheating. */
class FrostPropertiesTest {

  private static final HexFormat HEX = HexFormat.of();

  /** A random threshold setting and signer subset derived from one seed. */
  record Setting(
      int t, int n, List<Integer> signers, SecureRandomSource random, SeededRandom choices) {
    static Setting of(long seed) {
      SeededRandom choices = SeededRandom.fromSeed(seed);
      int n = 2 + choices.nextInt(14); // 2..15
      int t = 2 + choices.nextInt(Math.min(n, 10) - 1); // 2..min(n, 10)
      List<Integer> all = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        all.add(i);
      }
      choices.shuffle(all);
      int count = t + choices.nextInt(n - t + 1);
      List<Integer> signers = new ArrayList<>(all.subList(0, count));
      Collections.sort(signers);
      return new Setting(t, n, signers, TestRandom.seeded(seed ^ 0x5eed), choices);
    }
  }

  private static Map<Identifier, KeyPackage> keys(TrustedDealer.Dealt dealt) {
    Map<Identifier, KeyPackage> keys = new TreeMap<>();
    dealt.shares().forEach((id, s) -> keys.put(id, s.verify()));
    return keys;
  }

  @Property(tries = 100)
  void anyThresholdSubsetProducesAStandardEd25519Signature(@ForAll long seed) throws Exception {
    Setting s = Setting.of(seed);
    TrustedDealer.Dealt dealt = TrustedDealer.deal(s.t(), s.n(), s.random());
    byte[] message = ("property " + seed).getBytes(StandardCharsets.UTF_8);

    Signature sig =
        SigningHarness.sign(keys(dealt), s.signers(), message, dealt.publicKeys(), s.random());

    assertThat(Frost.verify(dealt.publicKeys().groupKey(), message, sig)).isTrue();
    assertThat(
            SigningVectorsTest.jdkVerify(
                dealt.publicKeys().groupKey().toString(), HEX.formatHex(message), sig.toString()))
        .isTrue();
  }

  @Property(tries = 100)
  void tamperedSharesAreDetectedAndAttributedExactly(@ForAll long seed) throws IOException {
    Setting s = Setting.of(seed);
    TrustedDealer.Dealt dealt = TrustedDealer.deal(s.t(), s.n(), s.random());
    Map<Identifier, KeyPackage> keys = keys(dealt);
    byte[] message = "tamper".getBytes(StandardCharsets.UTF_8);
    List<Signer> signers = new ArrayList<>();
    List<SigningCommitment> commitments = new ArrayList<>();
    for (int i : s.signers()) {
      Signer signer = new Signer(keys.get(Identifier.of(i)), new InMemoryNonceStore(), s.random());
      signers.add(signer);
      commitments.add(signer.commit());
    }
    SigningPackage pkg = new SigningPackage(message, commitments);
    Map<Identifier, SignatureShare> shares = new TreeMap<>();
    List<Identifier> tampered = new ArrayList<>();
    for (Signer signer : signers) {
      SignatureShare share = signer.sign(pkg);
      Identifier id = share.identifier();
      if (tampered.isEmpty() || s.choices().nextInt(3) == 0) {
        Scalar delta = Scalar.fromLong(1 + s.choices().nextInt(1_000_000));
        share = new SignatureShare(id, share.share().add(delta));
        tampered.add(id);
      }
      shares.put(id, share);
    }

    CheaterDetectedException e =
        catchThrowableOfType(
            CheaterDetectedException.class, () -> Frost.aggregate(pkg, shares, dealt.publicKeys()));

    assertThat(e).isNotNull();
    assertThat(e.culprits()).containsExactlyElementsOf(tampered);
  }

  @Property(tries = 30)
  void aDkgWithOneCheatingDealerIsCaughtAndAttributed(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 1) int cheat) {
    Setting s = Setting.of(seed);
    int n = s.n();
    Identifier cheater = Identifier.of(1 + s.choices().nextInt(n));
    Map<Identifier, DkgParticipant> participants = new TreeMap<>();
    Map<Identifier, DkgParticipant.Round1Package> round1 = new TreeMap<>();
    for (int i = 1; i <= n; i++) {
      DkgParticipant p = DkgParticipant.start(Identifier.of(i), s.t(), n, s.random());
      participants.put(p.identifier(), p);
      DkgParticipant.Round1Package pkg = p.round1Package();
      if (cheat == 0 && p.identifier().equals(cheater)) {
        // A proof of knowledge that does not belong to the commitment.
        DkgParticipant decoy = DkgParticipant.start(cheater, s.t(), n, s.random());
        pkg =
            new DkgParticipant.Round1Package(
                cheater, pkg.commitment(), decoy.round1Package().proof());
      }
      round1.put(p.identifier(), pkg);
    }
    Map<Identifier, Map<Identifier, DkgParticipant.Round2Package>> inbox = new HashMap<>();
    for (DkgParticipant p : participants.values()) {
      Map<Identifier, DkgParticipant.Round1Package> others = new TreeMap<>(round1);
      others.remove(p.identifier());
      if (cheat == 0) {
        if (p.identifier().equals(cheater)) {
          continue;
        }
        CheaterDetectedException e =
            catchThrowableOfType(CheaterDetectedException.class, () -> p.round2(others));
        assertThat(e).isNotNull();
        assertThat(e.culprits()).containsExactly(cheater);
        continue;
      }
      for (DkgParticipant.Round2Package out : p.round2(others).values()) {
        DkgParticipant.Round2Package sent = out;
        if (out.sender().equals(cheater)) {
          // Shares off the committed polynomial, for every recipient.
          sent =
              new DkgParticipant.Round2Package(
                  out.sender(),
                  out.recipient(),
                  new SecretValue(out.share().scalar().add(Scalar.ONE)));
        }
        inbox.computeIfAbsent(out.recipient(), k -> new TreeMap<>()).put(out.sender(), sent);
      }
    }
    if (cheat == 1) {
      for (DkgParticipant p : participants.values()) {
        if (p.identifier().equals(cheater)) {
          continue;
        }
        CheaterDetectedException e =
            catchThrowableOfType(
                CheaterDetectedException.class, () -> p.finish(inbox.get(p.identifier())));
        assertThat(e).isNotNull();
        assertThat(e.culprits()).containsExactly(cheater);
      }
    }
  }
}
