package org.pinring.crdt;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.pinring.crdt.internal.OperationCodec;
import org.pinring.multiformats.ipld.DagCbor;
import org.pinring.multiformats.ipld.IpldMap;

/**
 * An operation with the signature that authorizes it.
 *
 * <p>The signature covers {@link #signingInput()}: the ASCII domain {@value #SIGNING_DOMAIN}, one
 * zero byte, then the canonical DAG-CBOR encoding of the operation (which contains the ring id).
 * The domain keeps an operation signature from ever being valid for another kind of signed object
 * (a ring descriptor, a metrics report) under the same group key.
 *
 * <p>The signature is not part of the operation's identity: the same operation signed twice (FROST
 * signatures differ per signing session) is still one operation with one tag.
 */
public final class SignedOperation {

  /** Domain separation prefix of operation signatures. */
  public static final String SIGNING_DOMAIN = "pinring/op/v1";

  private static final byte[] DOMAIN_PREFIX = domainPrefix();

  private final Operation operation;
  private final byte[] signature;
  private final IpldMap encoded;
  private final byte[] canonical;
  private final OperationId id;

  private SignedOperation(Operation operation, byte[] signature, IpldMap encoded) {
    this.operation = operation;
    this.signature = signature;
    this.encoded = encoded;
    this.canonical = DagCbor.encode(encoded);
    this.id = OperationId.ofCanonicalEncoding(canonical);
  }

  /**
   * @throws IllegalArgumentException if the signature is empty or longer than {@link
   *     CrdtLimits#MAX_SIGNATURE_BYTES}
   */
  public static SignedOperation of(Operation operation, byte[] signature) {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(signature, "signature");
    if (signature.length == 0 || signature.length > CrdtLimits.MAX_SIGNATURE_BYTES) {
      throw new IllegalArgumentException(
          "a signature has 1 to "
              + CrdtLimits.MAX_SIGNATURE_BYTES
              + " bytes, not "
              + signature.length);
    }
    return new SignedOperation(operation, signature.clone(), OperationCodec.encode(operation));
  }

  /** The canonical DAG-CBOR encoding of {@code operation}. */
  public static byte[] canonicalEncoding(Operation operation) {
    return DagCbor.encode(OperationCodec.encode(operation));
  }

  /** The bytes a signer signs for {@code operation}. */
  public static byte[] signingInput(Operation operation) {
    return signingInputOf(canonicalEncoding(operation));
  }

  private static byte[] signingInputOf(byte[] canonical) {
    byte[] input = Arrays.copyOf(DOMAIN_PREFIX, DOMAIN_PREFIX.length + canonical.length);
    System.arraycopy(canonical, 0, input, DOMAIN_PREFIX.length, canonical.length);
    return input;
  }

  public Operation operation() {
    return operation;
  }

  public OperationId id() {
    return id;
  }

  public byte[] signature() {
    return signature.clone();
  }

  /** The bytes the signature must cover. */
  public byte[] signingInput() {
    return signingInputOf(canonical);
  }

  /** The operation in the IPLD data model (immutable), as it is encoded. */
  public IpldMap toIpld() {
    return encoded;
  }

  /** A copy of the canonical encoding of the operation. */
  public byte[] canonicalEncoding() {
    return canonical.clone();
  }

  /**
   * Copies the canonical encoding of the operation into {@code out} at {@code offset} (no
   * intermediate copy: deltas splice it in).
   */
  public void writeCanonicalTo(byte[] out, int offset) {
    System.arraycopy(canonical, 0, out, offset, canonical.length);
  }

  /** Length of the canonical encoding of the operation, without copying it. */
  public int encodedLength() {
    return canonical.length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SignedOperation that
        && id.equals(that.id)
        && Arrays.equals(signature, that.signature);
  }

  @Override
  public int hashCode() {
    return id.hashCode() * 31 + Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return operation.kind() + " operation " + id;
  }

  private static byte[] domainPrefix() {
    byte[] domain = SIGNING_DOMAIN.getBytes(StandardCharsets.US_ASCII);
    return Arrays.copyOf(domain, domain.length + 1);
  }
}
