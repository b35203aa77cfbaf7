package org.pinring.cli;

import java.io.OutputStream;

/**
 * Standard output as bytes, for commands that write binary data ({@code cat}, {@code car export});
 * picocli's writers are for text. Read at each call, so tests can redirect it with {@link
 * System#setOut}.
 */
final class Stdout {

  private Stdout() {}

  static OutputStream binary() {
    return System.out;
  }
}
