package org.pinring.libp2p.pubsub;

/** A received RPC is malformed or exceeds a limit of {@link RpcLimits}. */
public final class InvalidRpcException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public InvalidRpcException(String message) {
    super(message);
  }

  public InvalidRpcException(String message, Throwable cause) {
    super(message, cause);
  }
}
