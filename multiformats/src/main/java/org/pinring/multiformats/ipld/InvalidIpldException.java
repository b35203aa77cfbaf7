package org.pinring.multiformats.ipld;

import org.pinring.multiformats.MultiformatException;
import org.pinring.multiformats.protobuf.ProtobufReader;

/**
 * Bytes that are not valid in an IPLD codec (e.g. non-canonical DAG-CBOR), or a value whose shape
 * is not what a reader expects (a missing field, a field of the wrong kind).
 */
public final class InvalidIpldException extends MultiformatException {

  private static final long serialVersionUID = 1L;

  public InvalidIpldException(String message) {
    super(message);
  }

  public InvalidIpldException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Errors of a protobuf-based codec, as "WHAT at offset N: problem". */
  static ProtobufReader.Errors inProtobuf(String what) {
    return (offset, message) ->
        new InvalidIpldException(what + " at offset " + offset + ": " + message);
  }
}
