package org.pinring.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.pinring.multiformats.Cid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pinring fetch CID --from MULTIADDR}: fetch a DAG by Bitswap into the daemon's store. */
@Command(
    name = "fetch",
    description = "Fetch a DAG by Bitswap into the running daemon's repository, and pin it.",
    mixinStandardHelpOptions = true)
final class FetchCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Mixin RepoOption repo = new RepoOption();

  @Parameters(paramLabel = "CID", description = "The DAG's root.")
  String cid;

  @Option(
      names = "--from",
      paramLabel = "MULTIADDR",
      description =
          "Peer to fetch from, ending in /p2p/<id> (repeatable; default: the connected peers).")
  List<String> from = new ArrayList<>();

  /** A progress line: the DAG grows as its blocks arrive, so the bar counts known blocks. */
  static String bar(long done, long known, long bytes) {
    int width = 24;
    int filled = known == 0 ? 0 : (int) Math.min(width, done * width / known);
    return "["
        + "#".repeat(filled)
        + ".".repeat(width - filled)
        + "] "
        + done
        + "/"
        + known
        + " blocks  "
        + org.pinring.node.repo.ByteSize.format(bytes)
        + "   ";
  }

  @Override
  public Integer call() throws Exception {
    Cid root = Cid.parse(cid);
    StringBuilder query = new StringBuilder();
    for (String address : from) {
      Libp2pSupport.peerAddress(address);
      query.append(query.length() == 0 ? "?" : "&");
      query.append("from=").append(URLEncoder.encode(address, StandardCharsets.UTF_8));
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DaemonApi api = DaemonApi.require(repo.directory());
    boolean drawn = false;
    try (InputStream body =
            api.stream("POST", "/fetch/" + root + query, HttpRequest.BodyPublishers.noBody());
        BufferedReader lines =
            new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        JsonNode event = JSON.readTree(line);
        switch (event.get("type").asText()) {
          case "progress" -> {
            if (Terminal.isInteractive()) {
              err.print(
                  "\r"
                      + bar(
                          event.get("blocks").asLong(),
                          event.get("blocksKnown").asLong(),
                          event.get("bytes").asLong()));
              err.flush();
              drawn = true;
            }
          }
          case "done" -> {
            if (drawn) {
              err.println();
            }
            out.println(
                "fetched "
                    + root
                    + ": "
                    + event.get("blocks").asLong()
                    + " blocks, "
                    + event.get("bytesFetched").asLong()
                    + " bytes received");
            for (var entry : event.get("blocksByPeer").properties()) {
              out.println("  " + entry.getValue().asLong() + " blocks from " + entry.getKey());
            }
            out.flush();
            return ExitCodes.OK;
          }
          default -> {
            if (drawn) {
              err.println();
            }
            err.println("pinring: fetch failed: " + event.get("message").asText());
            err.flush();
            return ExitCodes.FAILURE;
          }
        }
      }
    }
    err.println("pinring: the daemon ended the fetch without a result");
    err.flush();
    return ExitCodes.FAILURE;
  }
}
