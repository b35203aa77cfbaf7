package org.pinring.threshold;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.pinring.runtime.SecureRandomSource;
import org.pinring.threshold.internal.EdwardsPoint;
import org.pinring.threshold.internal.Scalar;

/**
 * Proactive share refresh (Herzberg et al., 1995): new shares for the same group key. Each
 * refreshing participant deals a random polynomial g of degree t-1 with g(0) = 0, commits to its
 * coefficients g_1..g_{t-1} (the commitment to g_0 is the identity by construction), and sends g(j)
 * to every participant j. Everyone adds the dealt values to their share. The shares then lie on f +
 * sum(g), whose constant term is still the group secret, while any old share mixed with a new one
 * is useless to an attacker.
 *
 * <p>Participants left out of the refresh are effectively removed: their old shares no longer fit
 * the new polynomial. One dealer gives the trusted-dealer variant; every participant dealing (and
 * checking every other dealing) gives the distributed variant.
 */
public final class ShareRefresh {

  private ShareRefresh() {}

  /**
   * One dealer's refresh: commitments to g_1..g_{t-1} (public) and the value g(j) for each
   * participant (secret, one per recipient).
   */
  public record Dealing(
      Identifier dealer, List<GroupElement> commitment, SortedMap<Identifier, SecretValue> shares) {
    public Dealing {
      commitment = List.copyOf(commitment);
      shares = new TreeMap<>(shares);
    }

    /** The public part only, to broadcast. */
    public List<GroupElement> publicCommitment() {
      return commitment;
    }
  }

  /**
   * Deals a zero-constant polynomial for {@code participants}.
   *
   * @throws ProtocolViolationException unless 2 <= minSigners <= participants.size()
   */
  public static Dealing deal(
      Identifier dealer, int minSigners, List<Identifier> participants, SecureRandomSource random) {
    Limits.checkThreshold(minSigners, participants.size());
    if (new TreeSet<>(participants).size() != participants.size()) {
      throw new ProtocolViolationException("participants repeat");
    }
    List<Scalar> coefficients = new ArrayList<>();
    coefficients.add(Scalar.ZERO);
    for (int i = 1; i < minSigners; i++) {
      coefficients.add(RandomScalars.nextNonZero(random));
    }
    List<GroupElement> commitment = new ArrayList<>();
    for (int i = 1; i < minSigners; i++) {
      commitment.add(GroupElement.of(EdwardsPoint.mulBase(coefficients.get(i))));
    }
    SortedMap<Identifier, SecretValue> shares = new TreeMap<>();
    for (Identifier id : participants) {
      shares.put(id, new SecretValue(Polynomials.evaluate(coefficients, id.scalar())));
    }
    return new Dealing(dealer, commitment, shares);
  }

  private static List<EdwardsPoint> withZeroConstant(List<GroupElement> commitment) {
    List<EdwardsPoint> points = new ArrayList<>();
    points.add(EdwardsPoint.IDENTITY);
    for (GroupElement e : commitment) {
      points.add(e.point());
    }
    return points;
  }

  /** What one participant received from one dealer: the public commitment and its value. */
  public record Received(Identifier dealer, List<GroupElement> commitment, SecretValue value) {
    public Received {
      commitment = List.copyOf(commitment);
    }

    /** The part of {@code dealing} addressed to {@code recipient}. */
    public static Received from(Dealing dealing, Identifier recipient) {
      SecretValue value = dealing.shares().get(recipient);
      if (value == null) {
        throw new ProtocolViolationException(
            "dealer " + dealing.dealer() + " dealt nothing to " + recipient);
      }
      return new Received(dealing.dealer(), dealing.commitment(), value);
    }
  }

  /**
   * A participant applies the refresh values it received, after checking each against its dealer's
   * commitment.
   *
   * @param received one entry per dealer
   * @throws CheaterDetectedException naming each dealer whose value or commitment is wrong
   */
  public static KeyPackage apply(KeyPackage key, List<Received> received) {
    if (received.isEmpty()) {
      throw new ProtocolViolationException("a refresh needs at least one dealing");
    }
    List<Identifier> culprits = new ArrayList<>();
    Scalar share = key.signingShare();
    Map<Identifier, Received> byDealer = new TreeMap<>();
    for (Received r : received) {
      if (byDealer.put(r.dealer(), r) != null) {
        throw new ProtocolViolationException("two dealings from " + r.dealer());
      }
    }
    for (Received r : byDealer.values()) {
      List<GroupElement> commitment = r.commitment();
      Scalar value = r.value().scalar();
      if (commitment.size() != key.minSigners() - 1
          || !EdwardsPoint.mulBase(value)
              .equals(
                  Polynomials.evaluateInGroup(
                      withZeroConstant(commitment), key.identifier().scalar()))) {
        culprits.add(r.dealer());
      }
      share = share.add(value);
    }
    if (!culprits.isEmpty()) {
      throw new CheaterDetectedException(
          "refresh values that do not match the commitment from", culprits);
    }
    return new KeyPackage(key.identifier(), share, key.groupKey(), key.minSigners());
  }

  /**
   * The public key package after a refresh: the same group key, each kept participant's verifying
   * share moved by the dealt polynomials, and everyone not in {@code participants} removed.
   *
   * @param commitments every dealer's public commitment
   */
  public static PublicKeyPackage apply(
      PublicKeyPackage old, List<Identifier> participants, List<List<GroupElement>> commitments) {
    Map<Identifier, GroupElement> shares = new TreeMap<>();
    for (Identifier id : participants) {
      EdwardsPoint share = old.verifyingShare(id).point();
      for (List<GroupElement> commitment : commitments) {
        if (commitment.size() != old.minSigners() - 1) {
          throw new ProtocolViolationException("a refresh commitment has the wrong length");
        }
        share = share.add(Polynomials.evaluateInGroup(withZeroConstant(commitment), id.scalar()));
      }
      shares.put(id, GroupElement.of(share));
    }
    return new PublicKeyPackage(old.groupKey(), shares, old.minSigners());
  }
}
