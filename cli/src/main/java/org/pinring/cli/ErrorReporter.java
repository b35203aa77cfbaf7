package org.pinring.cli;

import java.io.PrintWriter;
import org.pinring.multiformats.MultiformatException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions from commands into one readable line on stderr and an exit code. Input errors
 * (malformed CIDs, addresses, files) exit with {@link ExitCodes#BAD_INPUT}; anything unexpected
 * exits with {@link ExitCodes#FAILURE} and, with {@code PINRING_DEBUG=1}, a stack trace.
 */
final class ErrorReporter implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parsed) {
    PrintWriter err = commandLine.getErr();
    if (e instanceof MultiformatException || e instanceof UserInputException) {
      err.println("pinring: " + e.getMessage());
      err.flush();
      return ExitCodes.BAD_INPUT;
    }
    err.println("pinring: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    if ("1".equals(System.getenv("PINRING_DEBUG"))) {
      e.printStackTrace(err);
    } else {
      err.println("pinring: set PINRING_DEBUG=1 for a stack trace");
    }
    err.flush();
    return ExitCodes.FAILURE;
  }
}
