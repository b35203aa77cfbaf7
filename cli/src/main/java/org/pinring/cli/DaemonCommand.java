package org.pinring.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.pinring.multiformats.Multiaddr;
import org.pinring.node.daemon.Daemon;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pinring daemon}: runs the node until SIGINT or SIGTERM, or, when embedded (tests), until
 * the thread running the command is interrupted; either way the daemon is closed before the command
 * returns or the JVM exits.
 */
@Command(
    name = "daemon",
    description =
        "Run the node: libp2p host, Bitswap, trustless gateway and HTTP API, until interrupted.",
    mixinStandardHelpOptions = true)
final class DaemonCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin RepoOption repo = new RepoOption();

  @Option(
      names = "--listen",
      paramLabel = "MULTIADDR",
      description = "libp2p listen address (repeatable; default: network.listen in config.json).")
  List<String> listen = new ArrayList<>();

  @Option(
      names = "--api",
      paramLabel = "HOST:PORT",
      description = "HTTP API address (default: api.listen in config.json, 127.0.0.1:5311).")
  String api;

  @Override
  public Integer call() throws Exception {
    for (String address : listen) {
      Multiaddr.parse(address);
    }
    PrintWriter out = spec.commandLine().getOut();
    Daemon daemon =
        Daemon.start(
            new Daemon.Options(
                repo.directory(), listen, api, "pinring/" + VersionProvider.version()));
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              daemon.close();
              stopped.countDown();
            },
            "pinring-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    out.println("peer ID: " + daemon.peerId());
    for (Multiaddr address : daemon.addresses()) {
      out.println("listening: " + address);
    }
    out.println("API: " + daemon.apiUrl());
    out.println("ready");
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      // Not a signal: whoever embeds the command stops it. If the JVM is already shutting down the
      // hook cannot be removed and closes the daemon itself.
      boolean hookRemoved;
      try {
        hookRemoved = Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        hookRemoved = false;
      }
      if (hookRemoved) {
        daemon.close();
      }
      Thread.currentThread().interrupt();
    }
    return ExitCodes.OK;
  }
}
