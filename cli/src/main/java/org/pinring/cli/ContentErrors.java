package org.pinring.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.pinring.node.blockstore.BlockTooLargeException;
import org.pinring.node.blockstore.CorruptBlockException;
import org.pinring.node.blockstore.QuotaExceededException;
import org.pinring.node.dag.DagLimitException;
import org.pinring.node.dag.MissingBlockException;
import org.pinring.node.unixfs.PathNotFoundException;

/**
 * Runs a content command and turns the failures it expects (a full quota, a missing or corrupt
 * block, a path that names nothing, a disk error) into one readable line on stderr and an exit
 * code; malformed input still reaches {@link ErrorReporter} (exit code 3).
 */
final class ContentErrors {

  /** A command body. */
  interface Body {
    int run() throws IOException;
  }

  private ContentErrors() {}

  static int run(PrintWriter err, Body body) throws IOException {
    try {
      return body.run();
    } catch (PathNotFoundException e) {
      return fail(err, e.getMessage(), ExitCodes.BAD_INPUT);
    } catch (QuotaExceededException
        | MissingBlockException
        | CorruptBlockException
        | BlockTooLargeException
        | DagLimitException e) {
      return fail(err, e.getMessage(), ExitCodes.FAILURE);
    } catch (UncheckedIOException e) {
      return fail(err, e.getCause().getMessage(), ExitCodes.FAILURE);
    } catch (IOException e) {
      return fail(err, String.valueOf(e.getMessage()), ExitCodes.FAILURE);
    }
  }

  private static int fail(PrintWriter err, String message, int code) {
    err.println("pinring: " + message);
    err.flush();
    return code;
  }
}
