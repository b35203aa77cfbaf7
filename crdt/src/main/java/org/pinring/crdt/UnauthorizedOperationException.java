package org.pinring.crdt;

/**
 * A locally submitted operation was refused by the {@link Authorizer} or belongs to another ring.
 */
public final class UnauthorizedOperationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public UnauthorizedOperationException(String message) {
    super(message);
  }
}
