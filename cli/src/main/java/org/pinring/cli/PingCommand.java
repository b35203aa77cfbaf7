package org.pinring.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.pinring.libp2p.Connection;
import org.pinring.libp2p.Host;
import org.pinring.libp2p.HostConfig;
import org.pinring.multiformats.Multiaddr;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pinring ping}: libp2p ping any libp2p peer. */
@Command(
    name = "ping",
    description = "Ping a libp2p peer (/ipfs/ping/1.0.0 over TCP, Noise and yamux).",
    mixinStandardHelpOptions = true)
final class PingCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "MULTIADDR",
      description =
          "The peer's address with its peer ID, e.g. /ip4/192.0.2.1/tcp/4001/p2p/12D3KooW...")
  String address;

  @Option(
      names = {"-n", "--count"},
      description = "Number of pings (default: ${DEFAULT-VALUE}).",
      defaultValue = "4")
  int count;

  @Option(
      names = "--timeout",
      description =
          "Seconds to wait for the connection and for each reply (default: ${DEFAULT-VALUE}).",
      defaultValue = "10")
  int timeoutSeconds;

  @Override
  public Integer call() {
    if (count < 1) {
      throw new UserInputException("-n must be at least 1");
    }
    Multiaddr target = Libp2pSupport.peerAddress(address);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    HostConfig config =
        HostConfig.defaults()
            .withTimeouts(timeout, timeout, timeout)
            .withAgentVersion("pinring-cli");
    try (Host host = Libp2pSupport.host(null, config)) {
      Connection connection;
      try {
        connection = host.connect(target).get(2L * timeoutSeconds, TimeUnit.SECONDS);
      } catch (Exception e) {
        err.println("pinring: cannot reach " + target + ": " + Libp2pSupport.reason(e));
        err.flush();
        return ExitCodes.FAILURE;
      }
      out.printf("PING %s (%s)%n", connection.remotePeer(), connection.remoteAddress());
      out.flush();
      List<Double> rtts = new ArrayList<>();
      try (Host.Pinger pinger = host.pinger(connection).get(timeoutSeconds, TimeUnit.SECONDS)) {
        for (int i = 0; i < count; i++) {
          Duration rtt = pinger.ping().get(timeoutSeconds, TimeUnit.SECONDS);
          double millis = rtt.toNanos() / 1e6;
          rtts.add(millis);
          out.printf(
              Locale.ROOT,
              "pong %d from %s: time=%.3f ms%n",
              i + 1,
              connection.remotePeer(),
              millis);
          out.flush();
        }
      } catch (Exception e) {
        err.println("pinring: ping failed: " + Libp2pSupport.reason(e));
        err.flush();
        return ExitCodes.FAILURE;
      }
      double min = rtts.stream().mapToDouble(Double::doubleValue).min().orElse(0);
      double max = rtts.stream().mapToDouble(Double::doubleValue).max().orElse(0);
      double avg = rtts.stream().mapToDouble(Double::doubleValue).average().orElse(0);
      out.printf(
          Locale.ROOT,
          "%d pings, rtt min/avg/max = %.3f/%.3f/%.3f ms%n",
          rtts.size(),
          min,
          avg,
          max);
      out.flush();
      return ExitCodes.OK;
    }
  }
}
