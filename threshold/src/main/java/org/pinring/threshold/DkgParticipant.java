package org.pinring.threshold;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.pinring.runtime.SecureRandomSource;
import org.pinring.threshold.internal.EdwardsPoint;
import org.pinring.threshold.internal.Hashes;
import org.pinring.threshold.internal.Scalar;

/**
 * One participant of the Pedersen distributed key generation with Schnorr proofs of knowledge
 * (Komlo and Goldberg, "FROST", 2020, figure 1), with the hashing and encodings of the Zcash
 * Foundation's implementation so that its published DKG vector checks here. No machine ever holds
 * the group secret: it is the sum of every participant's random constant term.
 *
 * <ol>
 *   <li>{@link #start}: pick a random polynomial f_i of degree t-1, broadcast its Feldman
 *       commitment and a proof of knowledge of f_i(0).
 *   <li>{@link #round2}: check everyone's proof, then send f_i(j) to each other participant j over
 *       a confidential, authenticated channel.
 *   <li>{@link #finish}: check each received f_j(i) against j's commitment; the signing share is
 *       the sum of all f_j(i), the group key the sum of all constant-term commitments.
 * </ol>
 *
 * The round-one packages must reach every participant identically (a broadcast channel, or an echo
 * round comparing hashes): the protocol does not detect a participant that sends different
 * commitments to different peers. Not thread-safe; one instance per participant and run.
 */
public final class DkgParticipant {

  /**
   * The public round-one broadcast: the sender's VSS commitment and its proof of knowledge (R, mu)
   * of the secret constant term, encoded like a signature.
   */
  public record Round1Package(Identifier sender, VssCommitment commitment, Signature proof) {
    public Round1Package {
      Objects.requireNonNull(sender, "sender");
      Objects.requireNonNull(commitment, "commitment");
      Objects.requireNonNull(proof, "proof");
    }
  }

  /** The secret round-two message: f_sender(recipient). */
  public record Round2Package(Identifier sender, Identifier recipient, SecretValue share) {
    public Round2Package {
      Objects.requireNonNull(sender, "sender");
      Objects.requireNonNull(recipient, "recipient");
      Objects.requireNonNull(share, "share");
    }
  }

  /** The outcome: this participant's key package and everyone's public key package. */
  public record Result(KeyPackage keyPackage, PublicKeyPackage publicKeys) {}

  private enum Step {
    STARTED,
    SHARES_SENT,
    FINISHED
  }

  private final Identifier self;
  private final int minSigners;
  private final int maxSigners;
  private List<Scalar> coefficients;
  private final VssCommitment commitment;
  private final Round1Package round1;
  private Map<Identifier, VssCommitment> peerCommitments;
  private Step step = Step.STARTED;

  private DkgParticipant(
      Identifier self,
      int minSigners,
      int maxSigners,
      List<Scalar> coefficients,
      Scalar proofNonce) {
    Limits.checkThreshold(minSigners, maxSigners);
    if (coefficients.size() != minSigners) {
      throw new IllegalArgumentException("a degree t-1 polynomial has t coefficients");
    }
    this.self = self;
    this.minSigners = minSigners;
    this.maxSigners = maxSigners;
    this.coefficients = List.copyOf(coefficients);
    this.commitment = VssCommitment.of(Polynomials.commit(coefficients));
    this.round1 =
        new Round1Package(
            self, commitment, prove(self, coefficients.get(0), commitment, proofNonce));
  }

  /** Round one with fresh randomness: a random polynomial and its proof of knowledge. */
  public static DkgParticipant start(
      Identifier self, int minSigners, int maxSigners, SecureRandomSource random) {
    List<Scalar> coefficients = new ArrayList<>();
    for (int i = 0; i < minSigners; i++) {
      coefficients.add(RandomScalars.next(random));
    }
    return new DkgParticipant(
        self, minSigners, maxSigners, coefficients, RandomScalars.nextNonZero(random));
  }

  /** Round one with given coefficients and proof nonce: deterministic, for vectors and tests. */
  static DkgParticipant withCoefficients(
      Identifier self,
      int minSigners,
      int maxSigners,
      List<Scalar> coefficients,
      Scalar proofNonce) {
    return new DkgParticipant(self, minSigners, maxSigners, coefficients, proofNonce);
  }

  public Identifier identifier() {
    return self;
  }

  /** What to broadcast in round one. */
  public Round1Package round1Package() {
    return round1;
  }

  /** sigma = (R, mu) with R = [k]B, c = HDKG(id || C_0 || R), mu = k + a_0 * c. */
  private static Signature prove(Identifier id, Scalar secret, VssCommitment commitment, Scalar k) {
    GroupElement r = GroupElement.of(EdwardsPoint.mulBase(k));
    Scalar c = challenge(id, commitment.groupKey(), r.encodedView());
    return Signature.of(r, k.add(secret.multiply(c)));
  }

  private static Scalar challenge(Identifier id, GroupElement constantTerm, byte[] r) {
    return Hashes.hdkg(id.toBytes(), constantTerm.encodedView(), r);
  }

  /** Checks a proof of knowledge: R == [mu]B - [c]C_0. */
  static boolean verifyProof(Round1Package p) {
    byte[] rBytes = p.proof().rBytes();
    EdwardsPoint r = EdwardsPoint.decodeOrNull(rBytes);
    if (r == null) {
      return false;
    }
    GroupElement constantTerm = p.commitment().groupKey();
    Scalar c = challenge(p.sender(), constantTerm, rBytes);
    EdwardsPoint expected =
        EdwardsPoint.multiScalarMulVartime(
            p.proof().z(), new Scalar[] {c.negate()}, new EdwardsPoint[] {constantTerm.point()});
    return expected.equals(r);
  }

  /**
   * Round two: verifies every other participant's round-one package and returns the secret share
   * for each of them.
   *
   * @param others the round-one packages of all n-1 other participants, by sender
   * @throws ProtocolViolationException if the set of participants or a commitment's length is
   *     wrong, or this is called twice
   * @throws CheaterDetectedException naming every sender whose proof of knowledge fails
   */
  public Map<Identifier, Round2Package> round2(Map<Identifier, Round1Package> others) {
    if (step != Step.STARTED) {
      throw new ProtocolViolationException("round two was already run");
    }
    if (others.size() != maxSigners - 1 || others.containsKey(self)) {
      throw new ProtocolViolationException(
          "expected round-one packages from the " + (maxSigners - 1) + " other participants");
    }
    List<Identifier> culprits = new ArrayList<>();
    for (Map.Entry<Identifier, Round1Package> e : new TreeMap<>(others).entrySet()) {
      Round1Package p = e.getValue();
      if (!p.sender().equals(e.getKey())) {
        throw new ProtocolViolationException(
            "package filed under " + e.getKey() + " names another sender");
      }
      if (p.commitment().size() != minSigners) {
        culprits.add(p.sender());
      } else if (!verifyProof(p)) {
        culprits.add(p.sender());
      }
    }
    if (!culprits.isEmpty()) {
      throw new CheaterDetectedException(
          "invalid commitment or proof of knowledge in round one from", culprits);
    }
    peerCommitments = new HashMap<>();
    Map<Identifier, Round2Package> out = new LinkedHashMap<>();
    for (Identifier peer : new TreeSet<>(others.keySet())) {
      peerCommitments.put(peer, others.get(peer).commitment());
      out.put(
          peer,
          new Round2Package(
              self, peer, new SecretValue(Polynomials.evaluate(coefficients, peer.scalar()))));
    }
    step = Step.SHARES_SENT;
    return out;
  }

  /**
   * Round three: verifies the received shares and derives the keys. The polynomial is forgotten
   * afterwards.
   *
   * @param received the round-two packages addressed to this participant, by sender
   * @throws ProtocolViolationException if packages are missing, extra or misaddressed
   * @throws CheaterDetectedException naming every sender whose share does not match its commitment
   */
  public Result finish(Map<Identifier, Round2Package> received) {
    if (step != Step.SHARES_SENT) {
      throw new ProtocolViolationException("finish needs round two first, and runs once");
    }
    if (!received.keySet().equals(peerCommitments.keySet())) {
      throw new ProtocolViolationException(
          "round-two packages from "
              + new TreeSet<>(received.keySet())
              + ", expected "
              + new TreeSet<>(peerCommitments.keySet()));
    }
    List<Identifier> culprits = new ArrayList<>();
    Scalar signingShare = Polynomials.evaluate(coefficients, self.scalar());
    for (Identifier sender : new TreeSet<>(received.keySet())) {
      Round2Package p = received.get(sender);
      if (!p.sender().equals(sender) || !p.recipient().equals(self)) {
        throw new ProtocolViolationException("misaddressed round-two package from " + sender);
      }
      if (!peerCommitments.get(sender).verify(self, p.share().scalar())) {
        culprits.add(sender);
      }
      signingShare = signingShare.add(p.share().scalar());
    }
    if (!culprits.isEmpty()) {
      throw new CheaterDetectedException(
          "secret shares that do not match the commitment from", culprits);
    }
    List<VssCommitment> all = new ArrayList<>(peerCommitments.values());
    all.add(commitment);
    VssCommitment total = VssCommitment.sum(all);
    GroupElement groupKey = total.groupKey();
    List<Identifier> everyone = new ArrayList<>(peerCommitments.keySet());
    everyone.add(self);
    EdwardsPoint[] publicShares = new EdwardsPoint[everyone.size()];
    for (int i = 0; i < everyone.size(); i++) {
      publicShares[i] = total.publicShare(everyone.get(i));
    }
    GroupElement[] encoded = GroupElement.ofAll(publicShares);
    SortedMap<Identifier, GroupElement> verifyingShares = new TreeMap<>();
    for (int i = 0; i < everyone.size(); i++) {
      verifyingShares.put(everyone.get(i), encoded[i]);
    }
    KeyPackage key = new KeyPackage(self, signingShare, groupKey, minSigners);
    if (!key.verifyingShare().equals(verifyingShares.get(self))) {
      throw new FrostException("own verifying share does not match the summed commitments");
    }
    coefficients = List.of();
    step = Step.FINISHED;
    return new Result(key, new PublicKeyPackage(groupKey, verifyingShares, minSigners));
  }
}
