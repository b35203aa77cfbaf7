package org.pinring.cli;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pinring connect MULTIADDR}: the running daemon dials a peer. */
@Command(
    name = "connect",
    description = "Make the running daemon connect to a peer.",
    mixinStandardHelpOptions = true)
final class ConnectCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin RepoOption repo = new RepoOption();

  @Parameters(paramLabel = "MULTIADDR", description = "The peer, ending in /p2p/<peer-id>.")
  String address;

  @Override
  public Integer call() throws Exception {
    Libp2pSupport.peerAddress(address);
    PrintWriter out = spec.commandLine().getOut();
    String id =
        DaemonApi.require(repo.directory())
            .post(
                "/connect?addr=" + URLEncoder.encode(address, StandardCharsets.UTF_8),
                HttpRequest.BodyPublishers.noBody())
            .get("id")
            .asText();
    out.println("connected to " + id);
    out.flush();
    return ExitCodes.OK;
  }
}
