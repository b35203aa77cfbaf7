package org.pinring.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.pinring.libp2p.Connection;
import org.pinring.libp2p.Host;
import org.pinring.libp2p.HostConfig;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.PerfResult;
import org.pinring.multiformats.Multiaddr;
import org.pinring.multiformats.MultiformatException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pinring perf}: the libp2p perf protocol, as server or client. */
@Command(
    name = "perf",
    description = {
      "Measure libp2p throughput with the perf protocol (/perf/1.0.0).",
      "Server: prints one JSON line {\"type\":\"ready\",\"peerId\":...,\"addrs\":[...]} when"
          + " listening, then serves until stopped (SIGINT, SIGTERM).",
      "Client: prints one JSON line"
          + " {\"type\":\"final\",\"timeSeconds\":...,\"uploadBytes\":N,\"downloadBytes\":M}."
    },
    mixinStandardHelpOptions = true)
final class PerfCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @ArgGroup(multiplicity = "1")
  Mode mode;

  static final class Mode {
    @Option(names = "--server", description = "Serve perf.", required = true)
    boolean server;

    @Option(
        names = "--client",
        paramLabel = "MULTIADDR",
        description = "Run perf against this server (with /p2p/<peer-id>).",
        required = true)
    String client;
  }

  @Option(
      names = "--listen",
      paramLabel = "MULTIADDR",
      description = "Server address to listen on; repeatable (default: /ip4/0.0.0.0/tcp/0).")
  List<String> listen = new ArrayList<>();

  @Option(
      names = "--upload-bytes",
      description = "Client: bytes to send (default: ${DEFAULT-VALUE}).",
      defaultValue = "0")
  long uploadBytes;

  @Option(
      names = "--download-bytes",
      description = "Client: bytes to receive (default: ${DEFAULT-VALUE}).",
      defaultValue = "0")
  long downloadBytes;

  @Option(
      names = "--timeout",
      description = "Client: seconds the whole run may take (default: ${DEFAULT-VALUE}).",
      defaultValue = "600")
  int timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    return mode.server ? serve() : runClient();
  }

  private int serve() throws Exception {
    List<Multiaddr> addresses = new ArrayList<>();
    for (String text : listen.isEmpty() ? List.of("/ip4/0.0.0.0/tcp/0") : listen) {
      try {
        addresses.add(Multiaddr.parse(text));
      } catch (MultiformatException e) {
        throw new UserInputException("--listen '" + text + "': " + e.getMessage());
      }
    }
    HostConfig config = HostConfig.defaults().withPerfServer(true).withAgentVersion("pinring-cli");
    Host host = Libp2pSupport.host(null, config);
    List<Multiaddr> bound;
    try {
      bound = host.listen(addresses).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      host.close();
      PrintWriter err = spec.commandLine().getErr();
      err.println("pinring: cannot listen: " + Libp2pSupport.reason(e));
      err.flush();
      return ExitCodes.FAILURE;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              host.close();
              stopped.countDown();
            },
            "pinring-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    Map<String, Object> ready = new LinkedHashMap<>();
    ready.put("type", "ready");
    ready.put("peerId", host.peerId().toString());
    ready.put(
        "addrs",
        bound.stream().map(a -> a.withPeerId(host.peerId().multihash()).toString()).toList());
    PrintWriter out = spec.commandLine().getOut();
    out.println(JSON.writeValueAsString(ready));
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      // Not a signal: whoever embeds the command (a test) stops it. If the JVM is already shutting
      // down the hook cannot be removed and closes the host itself.
      boolean hookRemoved;
      try {
        hookRemoved = Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        hookRemoved = false;
      }
      if (hookRemoved) {
        host.close();
      }
      Thread.currentThread().interrupt();
    }
    return ExitCodes.OK;
  }

  private int runClient() throws Exception {
    if (uploadBytes < 0 || downloadBytes < 0) {
      throw new UserInputException("--upload-bytes and --download-bytes must not be negative");
    }
    Multiaddr target = Libp2pSupport.peerAddress(mode.client);
    PrintWriter err = spec.commandLine().getErr();
    HostConfig config = HostConfig.defaults().withAgentVersion("pinring-cli");
    try (Host host = Libp2pSupport.host(null, config)) {
      PerfResult result;
      try {
        Connection connection = host.connect(target).get(30, TimeUnit.SECONDS);
        PeerId peer = connection.remotePeer();
        result = host.perf(peer, uploadBytes, downloadBytes).get(timeoutSeconds, TimeUnit.SECONDS);
      } catch (Exception e) {
        err.println("pinring: perf against " + target + " failed: " + Libp2pSupport.reason(e));
        err.flush();
        return ExitCodes.FAILURE;
      }
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("type", "final");
      report.put("timeSeconds", seconds(result.time()));
      report.put("uploadBytes", result.uploadBytes());
      report.put("downloadBytes", result.downloadBytes());
      PrintWriter out = spec.commandLine().getOut();
      out.println(JSON.writeValueAsString(report));
      out.flush();
      return ExitCodes.OK;
    }
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }
}
