package org.pinring.cli;

/** Entry point of the {@code pinring} command. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(PinringCommand.commandLine().execute(args));
  }
}
