package org.pinring.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.pinring.runtime.SecureRandomSource;
import org.pinring.threshold.Frost;
import org.pinring.threshold.FrostException;
import org.pinring.threshold.GroupElement;
import org.pinring.threshold.Signature;
import org.pinring.threshold.Transcript;
import org.pinring.threshold.TranscriptChecker;
import org.pinring.threshold.TranscriptGenerator;
import org.pinring.threshold.TranscriptJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pinring threshold ...}: FROST(Ed25519, SHA-512) auditing tools. */
@Command(
    name = "threshold",
    description = "FROST(Ed25519, SHA-512) threshold signatures (RFC 9591): audit tools.",
    mixinStandardHelpOptions = true,
    subcommands = {
      ThresholdCommand.TranscriptCommand.class,
      ThresholdCommand.CheckCommand.class,
      ThresholdCommand.VerifyCommand.class
    })
final class ThresholdCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static byte[] hex(String option, String text) {
    try {
      return HexFormat.of().parseHex(text.strip().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UserInputException(option + " must be hex: " + e.getMessage());
    }
  }

  @Command(
      name = "transcript",
      description = {
        "Run a complete trusted-dealer key generation and signing session in-process with fresh"
            + " randomness, and write every value (throw-away group secret, shares, nonce"
            + " randomness, nonces, commitments, binding factors, signature shares, signature) in"
            + " the JSON layout of the RFC 9591 test vectors, so that any FROST implementation can"
            + " re-derive and check it."
      },
      mixinStandardHelpOptions = true)
  static final class TranscriptCommand implements Runnable {

    @Spec CommandSpec spec;

    @Option(names = "--min", required = true, paramLabel = "T", description = "Threshold t.")
    int min;

    @Option(names = "--max", required = true, paramLabel = "N", description = "Participants n.")
    int max;

    @Option(
        names = "--message",
        required = true,
        paramLabel = "HEX",
        description = "Message (hex).")
    String message;

    @Option(
        names = "--signers",
        split = ",",
        paramLabel = "ID",
        description = "Signer identifiers, comma-separated (default: 1..T).")
    List<Integer> signers;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output file.")
    Path out;

    @Override
    public void run() {
      byte[] msg = hex("--message", message);
      List<Integer> chosen = signers;
      if (chosen == null) {
        chosen = new ArrayList<>();
        for (int i = 1; i <= min; i++) {
          chosen.add(i);
        }
      }
      Transcript transcript;
      try {
        transcript = TranscriptGenerator.generate(min, max, msg, chosen, new SecureRandomSource());
      } catch (FrostException e) {
        throw new UserInputException(e.getMessage());
      }
      try {
        Files.writeString(out, TranscriptJson.write(transcript), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UserInputException("cannot write " + out + ": " + e.getMessage());
      }
      PrintWriter w = spec.commandLine().getOut();
      w.printf(Locale.ROOT, "FROST(Ed25519, SHA-512) %d of %d, signers %s%n", min, max, chosen);
      w.printf(Locale.ROOT, "group public key: %s%n", transcript.groupPublicKey());
      w.printf(Locale.ROOT, "signature:        %s%n", transcript.signature());
      w.printf(Locale.ROOT, "transcript:       %s%n", out);
      w.flush();
    }
  }

  @Command(
      name = "check",
      description =
          "Re-derive every value of a transcript (this command's output, or an RFC 9591 vector"
              + " file) and report each one that differs. Exit code 1 if any does.",
      mixinStandardHelpOptions = true)
  static final class CheckCommand implements java.util.concurrent.Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Transcript JSON file.")
    Path file;

    @Override
    public Integer call() {
      String json;
      try {
        json = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UserInputException("cannot read " + file + ": " + e.getMessage());
      }
      List<String> mismatches;
      try {
        mismatches = TranscriptChecker.check(TranscriptJson.read(json));
      } catch (FrostException e) {
        throw new UserInputException(e.getMessage());
      }
      PrintWriter w = spec.commandLine().getOut();
      if (mismatches.isEmpty()) {
        w.println("ok: every value re-derives and the signature verifies");
        w.flush();
        return ExitCodes.OK;
      }
      mismatches.forEach(w::println);
      w.flush();
      return ExitCodes.FAILURE;
    }
  }

  @Command(
      name = "verify",
      description =
          "Verify an Ed25519 signature under a FROST group key with the cofactored equation RFC"
              + " 9591 requires. Prints 'valid' (exit 0) or 'invalid' (exit 1).",
      mixinStandardHelpOptions = true)
  static final class VerifyCommand implements java.util.concurrent.Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
        names = "--public-key",
        required = true,
        paramLabel = "HEX",
        description = "Group public key (32 bytes, hex).")
    String publicKey;

    @Option(
        names = "--message",
        required = true,
        paramLabel = "HEX",
        description = "Message (hex).")
    String message;

    @Option(
        names = "--signature",
        required = true,
        paramLabel = "HEX",
        description = "Signature (64 bytes, hex).")
    String signature;

    @Override
    public Integer call() {
      GroupElement key;
      Signature sig;
      try {
        key = GroupElement.fromBytes(hex("--public-key", publicKey));
        sig = Signature.fromBytes(hex("--signature", signature));
      } catch (FrostException e) {
        throw new UserInputException(e.getMessage());
      }
      boolean valid = Frost.verify(key, hex("--message", message), sig);
      spec.commandLine().getOut().println(valid ? "valid" : "invalid");
      spec.commandLine().getOut().flush();
      return valid ? ExitCodes.OK : ExitCodes.FAILURE;
    }
  }
}
