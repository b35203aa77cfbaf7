package org.pinring.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.crypto.InvalidKeyException;
import org.pinring.libp2p.crypto.KeyFile;
import org.pinring.libp2p.crypto.PrivateKey;
import org.pinring.runtime.SecureRandomSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pinring id}: create or show this node's libp2p identity. */
@Command(
    name = "id",
    description = {
      "Show this node's libp2p identity, creating it first if the key file does not exist.",
      "The key file holds a libp2p PrivateKey protobuf (Ed25519), readable by its owner only."
    },
    mixinStandardHelpOptions = true)
final class IdCommand implements Runnable {

  @Spec CommandSpec spec;

  @Option(
      names = "--key",
      paramLabel = "FILE",
      description = "Identity key file (default: ~/.pinring/identity.key).")
  Path keyFile;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Override
  public void run() {
    Path file = keyFile != null ? keyFile : Libp2pSupport.defaultKeyFile();
    boolean existed = Files.exists(file);
    PrivateKey key;
    try {
      key = KeyFile.loadOrCreate(file, new SecureRandomSource());
    } catch (InvalidKeyException e) {
      throw new UserInputException(e.getMessage());
    } catch (IOException e) {
      throw new UserInputException("cannot use key file " + file + ": " + e.getMessage());
    }
    PeerId id = PeerId.fromPublicKey(key.publicKey());
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("peerId", id.toString());
    report.put("peerIdCid", id.toCidString());
    report.put("keyType", key.type().name());
    report.put("publicKey", HexFormat.of().formatHex(key.publicKey().toProtobuf()));
    report.put("keyFile", file.toAbsolutePath().toString());
    report.put("created", !existed);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.write(report));
    } else {
      out.printf("peer ID:     %s%n", report.get("peerId"));
      out.printf("as CID:      %s%n", report.get("peerIdCid"));
      out.printf("key type:    %s%n", report.get("keyType"));
      out.printf("public key:  %s (PublicKey protobuf, hex)%n", report.get("publicKey"));
      out.printf("key file:    %s%s%n", report.get("keyFile"), existed ? "" : " (created)");
    }
    out.flush();
  }
}
