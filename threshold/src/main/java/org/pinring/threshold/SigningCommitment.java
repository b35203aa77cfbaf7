package org.pinring.threshold;

import java.util.Objects;

/**
 * A participant's round-one output (RFC 9591 section 5.1): its identifier and the commitments D =
 * [d]B and E = [e]B to its hiding and binding nonces. Public; sent to the coordinator.
 *
 * @param identifier the signer
 * @param hiding the hiding nonce commitment D
 * @param binding the binding nonce commitment E
 */
public record SigningCommitment(Identifier identifier, GroupElement hiding, GroupElement binding) {

  public SigningCommitment {
    Objects.requireNonNull(identifier, "identifier");
    Objects.requireNonNull(hiding, "hiding");
    Objects.requireNonNull(binding, "binding");
  }

  /** The 96-byte entry of encode_group_commitment_list: id || D || E (RFC 9591 section 4.3). */
  byte[] encode() {
    byte[] out = new byte[96];
    System.arraycopy(identifier.toBytes(), 0, out, 0, 32);
    System.arraycopy(hiding.encodedView(), 0, out, 32, 32);
    System.arraycopy(binding.encodedView(), 0, out, 64, 32);
    return out;
  }
}
