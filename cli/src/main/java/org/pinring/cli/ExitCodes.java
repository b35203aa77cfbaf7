package org.pinring.cli;

/** Exit codes shared by every command, documented in the README. */
final class ExitCodes {

  static final int OK = 0;

  /** The command failed for a reason other than its input. */
  static final int FAILURE = 1;

  /** Picocli's code for unknown options and missing arguments. */
  static final int USAGE = 2;

  /** An argument or input file is malformed (e.g. not a CID). */
  static final int BAD_INPUT = 3;

  private ExitCodes() {}
}
