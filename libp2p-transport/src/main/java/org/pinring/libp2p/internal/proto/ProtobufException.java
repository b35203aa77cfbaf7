package org.pinring.libp2p.internal.proto;

/** A protobuf message is malformed or exceeds a limit. */
public final class ProtobufException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public ProtobufException(String message) {
    super(message);
  }

  public ProtobufException(String message, Throwable cause) {
    super(message, cause);
  }
}
