package org.pinring.threshold;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What the coordinator sends every chosen signer in round two: the message and the commitment list
 * (RFC 9591 section 5.2). The list must be sorted in strictly ascending identifier order; an
 * unsorted list or a repeated identifier is rejected rather than silently repaired, because signers
 * and coordinator must hash exactly the same list.
 */
public final class SigningPackage {

  /** Largest message accepted, in bytes (a named bound for decoders). */
  public static final int MAX_MESSAGE_BYTES = 1 << 20;

  /** Largest number of signers in one package. */
  public static final int MAX_SIGNERS = Limits.MAX_PARTICIPANTS;

  private final byte[] message;
  private final List<SigningCommitment> commitments;

  /**
   * @throws ProtocolViolationException if the list is empty, unsorted or has duplicates
   * @throws MalformedInputException if the message or list is larger than the limits
   */
  public SigningPackage(byte[] message, List<SigningCommitment> commitments) {
    Objects.requireNonNull(message, "message");
    if (message.length > MAX_MESSAGE_BYTES) {
      throw new MalformedInputException(
          "message of " + message.length + " bytes exceeds " + MAX_MESSAGE_BYTES);
    }
    if (commitments.isEmpty()) {
      throw new ProtocolViolationException("the commitment list is empty");
    }
    if (commitments.size() > MAX_SIGNERS) {
      throw new MalformedInputException(
          commitments.size() + " commitments exceed the limit of " + MAX_SIGNERS);
    }
    for (int i = 1; i < commitments.size(); i++) {
      int order = commitments.get(i - 1).identifier().compareTo(commitments.get(i).identifier());
      if (order == 0) {
        throw new ProtocolViolationException(
            "identifier "
                + commitments.get(i).identifier()
                + " appears twice in the commitment list");
      }
      if (order > 0) {
        throw new ProtocolViolationException(
            "the commitment list is not sorted by identifier (RFC 9591 section 4.3)");
      }
    }
    this.message = message.clone();
    this.commitments = List.copyOf(commitments);
  }

  public byte[] message() {
    return message.clone();
  }

  byte[] messageView() {
    return message;
  }

  public List<SigningCommitment> commitments() {
    return commitments;
  }

  /** The signers' identifiers in ascending order (participants_from_commitment_list). */
  public List<Identifier> signers() {
    List<Identifier> ids = new ArrayList<>(commitments.size());
    for (SigningCommitment c : commitments) {
      ids.add(c.identifier());
    }
    return ids;
  }

  /** The commitment of {@code id}, or null when it is not in the list. */
  public SigningCommitment commitmentOf(Identifier id) {
    for (SigningCommitment c : commitments) {
      if (c.identifier().equals(id)) {
        return c;
      }
    }
    return null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SigningPackage that
        && Arrays.equals(message, that.message)
        && commitments.equals(that.commitments);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(message) + commitments.hashCode();
  }
}
