package org.pinring.cli;

/** A command argument the user must correct; the message says how. */
final class UserInputException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  UserInputException(String message) {
    super(message);
  }
}
