package org.pinring.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether the command runs on an interactive terminal, where progress bars make sense. */
final class Terminal {

  private Terminal() {}

  /**
   * True when standard input and output are a terminal. On JDK 17 to 21 {@link System#console()} is
   * null otherwise; from JDK 22 it is never null and {@code Console.isTerminal()} (looked up
   * reflectively, since the build targets 17) answers instead.
   */
  @SuppressWarnings("SystemConsoleNull") // handled: isTerminal() is used where it exists
  static boolean isInteractive() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException beforeJdk22) {
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }
}
