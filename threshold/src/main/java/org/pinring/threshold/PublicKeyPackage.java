package org.pinring.threshold;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The "group info" of RFC 9591 section 5: the group public key, every participant's verifying share
 * PK_i, and the threshold. Public; the coordinator needs it to verify signature shares.
 */
public final class PublicKeyPackage {

  private final GroupElement groupKey;
  private final SortedMap<Identifier, GroupElement> verifyingShares;
  private final int minSigners;

  /**
   * @throws ProtocolViolationException unless 2 <= minSigners <= number of shares <= the limit
   */
  public PublicKeyPackage(
      GroupElement groupKey, Map<Identifier, GroupElement> verifyingShares, int minSigners) {
    this.groupKey = Objects.requireNonNull(groupKey, "groupKey");
    Limits.checkThreshold(minSigners, verifyingShares.size());
    this.verifyingShares = Collections.unmodifiableSortedMap(new TreeMap<>(verifyingShares));
    this.minSigners = minSigners;
  }

  public GroupElement groupKey() {
    return groupKey;
  }

  /** Verifying shares by identifier, in ascending identifier order. */
  public SortedMap<Identifier, GroupElement> verifyingShares() {
    return verifyingShares;
  }

  public int minSigners() {
    return minSigners;
  }

  public int maxSigners() {
    return verifyingShares.size();
  }

  /**
   * The verifying share of {@code id}.
   *
   * @throws ProtocolViolationException if {@code id} is not a participant
   */
  public GroupElement verifyingShare(Identifier id) {
    GroupElement share = verifyingShares.get(id);
    if (share == null) {
      throw new ProtocolViolationException("participant " + id + " is not part of this key");
    }
    return share;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PublicKeyPackage that
        && groupKey.equals(that.groupKey)
        && verifyingShares.equals(that.verifyingShares)
        && minSigners == that.minSigners;
  }

  @Override
  public int hashCode() {
    return Objects.hash(groupKey, verifyingShares, minSigners);
  }

  @Override
  public String toString() {
    return "PublicKeyPackage(" + groupKey + ", " + minSigners + " of " + maxSigners() + ")";
  }
}
