package org.pinring.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.pinring.multiformats.Multiaddr;
import org.pinring.multiformats.MultiformatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pinring multiaddr ...}: look inside network addresses. */
@Command(
    name = "multiaddr",
    description = "Inspect multiaddrs (network addresses such as /ip4/127.0.0.1/tcp/4001).",
    mixinStandardHelpOptions = true,
    subcommands = {MultiaddrCommand.Inspect.class})
final class MultiaddrCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The {@code --json} output. */
  record Report(String multiaddr, String hex, List<Part> components) {
    record Part(String protocol, long code, String value, String hex) {}
  }

  @Command(
      name = "inspect",
      description = "Show the components of a multiaddr and its binary form in hex.",
      mixinStandardHelpOptions = true)
  static final class Inspect implements Runnable {

    private static final HexFormat HEX = HexFormat.of();

    @Spec CommandSpec spec;

    @Parameters(
        paramLabel = "MULTIADDR",
        description = "Text form (/ip4/...), or the binary form as hex starting with 0x.")
    String input;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public void run() {
      Multiaddr address = parse(input.strip());
      List<Report.Part> parts = new ArrayList<>();
      for (Multiaddr.Component component : address.components()) {
        parts.add(
            new Report.Part(
                component.protocol().protocolName(),
                component.protocol().code(),
                component.valueText().orElse(null),
                HEX.formatHex(component.toBytes())));
      }
      Report report = new Report(address.toString(), HEX.formatHex(address.toBytes()), parts);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(Json.write(report));
      } else {
        print(report, out);
      }
      out.flush();
    }

    private static Multiaddr parse(String text) {
      if (!text.startsWith("0x")) {
        return Multiaddr.parse(text);
      }
      byte[] bytes;
      try {
        bytes = HEX.parseHex(text.substring(2));
      } catch (IllegalArgumentException e) {
        throw new UserInputException("'" + text + "' is not valid hex: " + e.getMessage());
      }
      try {
        return Multiaddr.decode(bytes);
      } catch (MultiformatException e) {
        throw new UserInputException("binary multiaddr " + text + ": " + e.getMessage());
      }
    }

    private static void print(Report report, PrintWriter out) {
      out.printf(Locale.ROOT, "multiaddr:  %s%n", report.multiaddr());
      out.printf(
          Locale.ROOT, "binary:     %s (%d bytes)%n", report.hex(), report.hex().length() / 2);
      out.printf(Locale.ROOT, "components:%n");
      int width = 0;
      for (Report.Part part : report.components()) {
        width = Math.max(width, part.protocol().length());
      }
      for (Report.Part part : report.components()) {
        out.printf(
            Locale.ROOT,
            "  %-" + width + "s  code %-4d  %-22s  %s%n",
            part.protocol(),
            part.code(),
            part.value() == null ? "-" : part.value(),
            part.hex());
      }
    }
  }
}
