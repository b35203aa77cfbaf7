package org.pinring.threshold;

import java.util.List;
import java.util.Objects;

/**
 * A complete trusted-dealer key generation and signing run in the layout of the RFC 9591 test
 * vector files (the cfrg draft repository's {@code poc/*.json}): every input and intermediate
 * value, hex-encoded, so that any independent FROST implementation can re-derive and check each
 * one. {@link TranscriptChecker} re-derives them here; {@link TranscriptJson} reads and writes the
 * JSON form.
 *
 * <p>A transcript contains the group secret and every share: it is an audit artifact for throw-away
 * keys, never something to produce with a real key.
 */
public record Transcript(
    Config config,
    List<Long> participantList,
    String groupSecretKey,
    String groupPublicKey,
    String message,
    List<String> sharePolynomialCoefficients,
    List<Share> participantShares,
    List<RoundOne> roundOne,
    List<RoundTwo> roundTwo,
    String signature) {

  public Transcript {
    Objects.requireNonNull(config, "config");
    participantList = List.copyOf(participantList);
    sharePolynomialCoefficients = List.copyOf(sharePolynomialCoefficients);
    participantShares = List.copyOf(participantShares);
    roundOne = List.copyOf(roundOne);
    roundTwo = List.copyOf(roundTwo);
  }

  /** The {@code config} object: n, number of signers, t, and the ciphersuite names. */
  public record Config(
      int maxParticipants,
      int numParticipants,
      int minParticipants,
      String name,
      String group,
      String hash) {

    public static final String NAME = "FROST(Ed25519, SHA-512)";
    public static final String GROUP = "ed25519";
    public static final String HASH = "SHA-512";

    public static Config of(int maxParticipants, int numParticipants, int minParticipants) {
      return new Config(maxParticipants, numParticipants, minParticipants, NAME, GROUP, HASH);
    }
  }

  /** One entry of {@code participant_shares}. */
  public record Share(long identifier, String participantShare) {}

  /** One entry of {@code round_one_outputs.outputs}. */
  public record RoundOne(
      long identifier,
      String hidingNonceRandomness,
      String bindingNonceRandomness,
      String hidingNonce,
      String bindingNonce,
      String hidingNonceCommitment,
      String bindingNonceCommitment,
      String bindingFactorInput,
      String bindingFactor) {}

  /** One entry of {@code round_two_outputs.outputs}. */
  public record RoundTwo(long identifier, String sigShare) {}
}
