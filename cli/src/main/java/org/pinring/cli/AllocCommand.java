package org.pinring.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.pinring.allocator.Allocator;
import org.pinring.allocator.AllocatorConfig;
import org.pinring.allocator.BalancedPolicy;
import org.pinring.allocator.Holder;
import org.pinring.allocator.PeerState;
import org.pinring.allocator.Pin;
import org.pinring.allocator.PinHolders;
import org.pinring.allocator.Placement;
import org.pinring.allocator.PlacementPolicy;
import org.pinring.allocator.RendezvousPolicy;
import org.pinring.allocator.RepairPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code pinring alloc ...}: what-if planning with the allocator. */
@Command(
    name = "alloc",
    description = "Plan where pins go: the allocator as an operator's what-if tool.",
    mixinStandardHelpOptions = true,
    subcommands = {AllocCommand.Plan.class})
final class AllocCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "plan",
      description = {
        "Place every pin of PINS.json on the peers of PEERS.json and print a summary.",
        "With --down, the listed peers count as gone and their pins are repaired.",
        "Formats: docs/allocator.md."
      },
      mixinStandardHelpOptions = true)
  static final class Plan implements Runnable {

    @Spec CommandSpec spec;

    @Option(
        names = "--peers",
        required = true,
        paramLabel = "PEERS.json",
        description = "The peer view.")
    Path peersFile;

    @Option(names = "--pins", required = true, paramLabel = "PINS.json", description = "The pins.")
    Path pinsFile;

    @Option(
        names = "--policy",
        paramLabel = "POLICY",
        defaultValue = "rendezvous",
        description =
            "rendezvous (default: bounded loads, 1.10), rendezvous-unbounded, or balanced"
                + " (IPFS Cluster style).")
    String policy;

    @Option(
        names = "--down",
        split = ",",
        paramLabel = "PEER",
        description = "Peers to count as gone; their pins are repaired.")
    List<String> down = new ArrayList<>();

    @Option(
        names = "--grace",
        paramLabel = "DURATION",
        defaultValue = "24h",
        description =
            "Peers unseen for longer than this (before nowMillis) count as gone, e.g. 30m, 24h,"
                + " 7d (default ${DEFAULT-VALUE}).")
    String grace;

    @Option(
        names = "--out",
        paramLabel = "FILE",
        description = "Write the allocation as JSON to FILE ('-' for standard output).")
    Path out;

    @Override
    public void run() {
      PlacementPolicy chosen = policyNamed(policy);
      AllocatorConfig config = AllocatorConfig.DEFAULTS.withGracePeriod(parseGrace(grace));
      Allocator allocator = new Allocator(chosen, config);
      AllocInput.PeerView view = AllocInput.readPeers(peersFile);
      List<Pin> pins = AllocInput.readPins(pinsFile);
      Set<String> downPeers = checkDown(view.peers());
      long now = view.nowMillis();
      Placement placement;
      RepairPlan repair = null;
      try {
        placement = allocator.place(pins, view.peers(), now);
        if (!downPeers.isEmpty()) {
          repair =
              allocator.repair(pins, withoutDown(view.peers(), downPeers), holders(placement), now);
        }
      } catch (IllegalArgumentException e) {
        throw new UserInputException(e.getMessage());
      }
      AllocReport report = AllocReport.of(allocator, placement, repair, view.peers(), now);
      boolean jsonToStdout = out != null && out.toString().equals("-");
      if (out != null) {
        String json = Json.write(report.json()) + System.lineSeparator();
        if (jsonToStdout) {
          spec.commandLine().getOut().print(json);
          spec.commandLine().getOut().flush();
        } else {
          write(out, json);
        }
      }
      PrintWriter summary =
          jsonToStdout ? spec.commandLine().getErr() : spec.commandLine().getOut();
      report.printSummary(summary);
      summary.flush();
    }

    private PlacementPolicy policyNamed(String name) {
      return switch (name) {
        case "rendezvous" -> RendezvousPolicy.standard();
        case "rendezvous-unbounded" -> RendezvousPolicy.unbounded();
        case "balanced" -> new BalancedPolicy();
        default ->
            throw new ParameterException(
                spec.commandLine(),
                "--policy must be rendezvous, rendezvous-unbounded or balanced, not '"
                    + name
                    + "'");
      };
    }

    private Duration parseGrace(String text) {
      String number = text.replaceAll("[a-z]+$", "");
      String unit = text.substring(number.length());
      try {
        long value = Long.parseLong(number);
        Duration duration =
            switch (unit) {
              case "ms" -> Duration.ofMillis(value);
              case "s" -> Duration.ofSeconds(value);
              case "m" -> Duration.ofMinutes(value);
              case "h" -> Duration.ofHours(value);
              case "d" -> Duration.ofDays(value);
              default -> null;
            };
        if (duration != null && !duration.isNegative()) {
          return duration;
        }
      } catch (NumberFormatException | ArithmeticException e) {
        // Reported below with the expected form.
      }
      throw new ParameterException(
          spec.commandLine(), "--grace must look like 90s, 30m, 24h or 7d, not '" + text + "'");
    }

    private Set<String> checkDown(List<PeerState> peers) {
      Set<String> known = new LinkedHashSet<>();
      for (PeerState peer : peers) {
        known.add(peer.id());
      }
      Set<String> result = new LinkedHashSet<>();
      for (String id : down) {
        String trimmed = id.strip();
        if (!known.contains(trimmed)) {
          throw new UserInputException("--down: peer '" + trimmed + "' is not in " + peersFile);
        }
        result.add(trimmed);
      }
      return result;
    }

    private static List<PeerState> withoutDown(List<PeerState> peers, Set<String> down) {
      return peers.stream().filter(peer -> !down.contains(peer.id())).toList();
    }

    /** The placement as if every copy had been made and confirmed: what repair starts from. */
    private static List<PinHolders> holders(Placement placement) {
      List<PinHolders> holders = new ArrayList<>();
      for (int x = 0; x < placement.problem().pins().size(); x++) {
        holders.add(
            new PinHolders(
                placement.problem().pins().get(x).cid(),
                placement.holdersOf(x).stream().map(Holder::confirmed).toList()));
      }
      return holders;
    }

    private static void write(Path file, String json) {
      try {
        Files.writeString(file, json, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UserInputException("--out: cannot write " + file + ": " + e.getMessage());
      }
    }
  }
}
