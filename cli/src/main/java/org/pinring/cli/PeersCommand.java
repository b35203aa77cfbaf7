package org.pinring.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pinring peers}: the running daemon's connected peers. */
@Command(
    name = "peers",
    description = "List the peers the running daemon is connected to.",
    mixinStandardHelpOptions = true)
final class PeersCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin RepoOption repo = new RepoOption();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    for (JsonNode peer : DaemonApi.require(repo.directory()).get("/peers")) {
      out.println(peer.get("address").asText() + "/p2p/" + peer.get("id").asText());
    }
    out.flush();
    return ExitCodes.OK;
  }
}
