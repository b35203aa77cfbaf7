package org.pinring.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.PrintWriter;
import java.util.HexFormat;
import java.util.Locale;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.InvalidCidException;
import org.pinring.multiformats.Multibase;
import org.pinring.multiformats.Multihash;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pinring cid ...}: look inside and convert content identifiers. */
@Command(
    name = "cid",
    description = "Inspect and convert content identifiers (CIDs).",
    mixinStandardHelpOptions = true,
    subcommands = {CidCommand.Inspect.class, CidCommand.Convert.class})
final class CidCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Everything a CID says about itself; also the {@code --json} output. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Report(
      String cid,
      int version,
      String multibase,
      Codec codec,
      Hash multihash,
      String cidV1,
      String cidV0) {

    record Codec(String name, String code) {}

    record Hash(String name, String code, int digestLength, String digest, boolean truncated) {}

    static Report of(String text, Cid cid) {
      Multihash hash = cid.multihash();
      String cidV0;
      try {
        cidV0 = cid.toV0().toString();
      } catch (InvalidCidException notDagPbSha256) {
        cidV0 = null;
      }
      return new Report(
          text,
          cid.version(),
          cid.version() == 0 ? "base58btc" : Multibase.detect(text).canonicalName(),
          new Codec(cid.codecName(), hex(cid.codec())),
          new Hash(
              hash.algorithmName(),
              hex(hash.code()),
              hash.digestLength(),
              HexFormat.of().formatHex(hash.digest()),
              hash.isTruncated()),
          cid.toV1().toString(),
          cidV0);
    }

    private static String hex(long code) {
      return "0x" + Long.toHexString(code);
    }

    void print(PrintWriter out) {
      out.printf(Locale.ROOT, "CID:        %s%n", cid);
      out.printf(Locale.ROOT, "version:    %d%n", version);
      out.printf(
          Locale.ROOT,
          "multibase:  %s%s%n",
          multibase,
          version == 0 ? " (implicit: a CIDv0 is bare base58btc)" : "");
      out.printf(Locale.ROOT, "codec:      %s (%s)%n", codec.name(), codec.code());
      out.printf(
          Locale.ROOT,
          "multihash:  %s (%s), %d-byte digest%s%n",
          multihash.name(),
          multihash.code(),
          multihash.digestLength(),
          multihash.truncated() ? " (truncated)" : "");
      out.printf(Locale.ROOT, "digest:     %s%n", multihash.digest());
      out.printf(Locale.ROOT, "CIDv1:      %s%n", cidV1);
      out.printf(
          Locale.ROOT,
          "CIDv0:      %s%n",
          cidV0 != null ? cidV0 : "(none: only dag-pb with a 32-byte sha2-256 hash has one)");
    }
  }

  @Command(
      name = "inspect",
      description = "Show the parts of a CID: version, multibase, codec, multihash and digest.",
      mixinStandardHelpOptions = true)
  static final class Inspect implements Runnable {

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "CID", description = "A CID in any multibase, or a Qm... CIDv0.")
    String cid;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public void run() {
      Report report = Report.of(cid, Cid.parse(cid.strip()));
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(Json.write(report));
      } else {
        report.print(out);
      }
      out.flush();
    }
  }

  @Command(
      name = "convert",
      description = "Rewrite a CID in another version or multibase (the content is the same).",
      mixinStandardHelpOptions = true)
  static final class Convert implements Runnable {

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "CID", description = "The CID to convert.")
    String cid;

    @Option(
        names = "--to",
        paramLabel = "v0|v1",
        description = "Target CID version (default: keep the version).")
    String to;

    @Option(
        names = "--base",
        paramLabel = "NAME",
        description =
            "Target multibase, e.g. base32, base36, base58btc (default: base32 for v1; a v0 is"
                + " always base58btc).")
    String base;

    @Override
    public void run() {
      Cid parsed = Cid.parse(cid.strip());
      Cid converted = convertVersion(parsed);
      String text =
          base == null ? converted.toString() : converted.toString(Multibase.forName(base));
      spec.commandLine().getOut().println(text);
      spec.commandLine().getOut().flush();
    }

    private Cid convertVersion(Cid parsed) {
      if (to == null) {
        return parsed;
      }
      return switch (to.toLowerCase(Locale.ROOT)) {
        case "v1", "1" -> parsed.toV1();
        case "v0", "0" -> parsed.toV0();
        default -> throw new UserInputException("--to must be v0 or v1, not '" + to + "'");
      };
    }
  }
}
