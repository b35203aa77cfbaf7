package org.pinring.threshold;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes {@link Transcript}s in the JSON layout of the RFC 9591 vector files: {@code
 * config}, {@code inputs}, {@code round_one_outputs}, {@code round_two_outputs}, {@code
 * final_output}. Reading also accepts the Zcash Foundation variant, which names the group key
 * {@code verifying_key_key} and may write numbers where the RFC files write strings.
 */
public final class TranscriptJson {

  /** Largest transcript accepted, in characters. */
  public static final int MAX_CHARS = 4 << 20;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder().disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  static {
    MAPPER
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxDocumentLength(MAX_CHARS)
                .maxNestingDepth(16)
                .build());
  }

  private TranscriptJson() {}

  /** The transcript as indented JSON, keys in the order of the RFC files. */
  public static String write(Transcript t) {
    ObjectNode root = MAPPER.createObjectNode();
    ObjectNode config = root.putObject("config");
    config.put("MAX_PARTICIPANTS", Integer.toString(t.config().maxParticipants()));
    config.put("NUM_PARTICIPANTS", Integer.toString(t.config().numParticipants()));
    config.put("MIN_PARTICIPANTS", Integer.toString(t.config().minParticipants()));
    config.put("name", t.config().name());
    config.put("group", t.config().group());
    config.put("hash", t.config().hash());
    ObjectNode inputs = root.putObject("inputs");
    ArrayNode list = inputs.putArray("participant_list");
    t.participantList().forEach(list::add);
    inputs.put("group_secret_key", t.groupSecretKey());
    inputs.put("group_public_key", t.groupPublicKey());
    inputs.put("message", t.message());
    ArrayNode coefficients = inputs.putArray("share_polynomial_coefficients");
    t.sharePolynomialCoefficients().forEach(coefficients::add);
    ArrayNode shares = inputs.putArray("participant_shares");
    for (Transcript.Share s : t.participantShares()) {
      shares
          .addObject()
          .put("identifier", s.identifier())
          .put("participant_share", s.participantShare());
    }
    ArrayNode one = root.putObject("round_one_outputs").putArray("outputs");
    for (Transcript.RoundOne r : t.roundOne()) {
      one.addObject()
          .put("identifier", r.identifier())
          .put("hiding_nonce_randomness", r.hidingNonceRandomness())
          .put("binding_nonce_randomness", r.bindingNonceRandomness())
          .put("hiding_nonce", r.hidingNonce())
          .put("binding_nonce", r.bindingNonce())
          .put("hiding_nonce_commitment", r.hidingNonceCommitment())
          .put("binding_nonce_commitment", r.bindingNonceCommitment())
          .put("binding_factor_input", r.bindingFactorInput())
          .put("binding_factor", r.bindingFactor());
    }
    ArrayNode two = root.putObject("round_two_outputs").putArray("outputs");
    for (Transcript.RoundTwo r : t.roundTwo()) {
      two.addObject().put("identifier", r.identifier()).put("sig_share", r.sigShare());
    }
    root.putObject("final_output").put("sig", t.signature());
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter().withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
    try {
      return MAPPER.writer(printer).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings always serialises", e);
    }
  }

  /**
   * Parses a transcript.
   *
   * @throws MalformedInputException if the text is not JSON of the expected layout or too large
   */
  public static Transcript read(String json) {
    if (json.length() > MAX_CHARS) {
      throw new MalformedInputException("transcript larger than " + MAX_CHARS + " characters");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new MalformedInputException(
          "transcript is not valid JSON: " + e.getOriginalMessage(), e);
    }
    JsonNode config = field(root, "config");
    JsonNode inputs = field(root, "inputs");
    JsonNode groupKey =
        inputs.has("group_public_key")
            ? inputs.get("group_public_key")
            : inputs.get("verifying_key_key");
    if (groupKey == null) {
      throw new MalformedInputException(
          "inputs has neither group_public_key nor verifying_key_key");
    }
    List<Long> participants = new ArrayList<>();
    for (JsonNode n : array(inputs, "participant_list")) {
      participants.add(number(n));
    }
    List<String> coefficients = new ArrayList<>();
    for (JsonNode n : array(inputs, "share_polynomial_coefficients")) {
      coefficients.add(n.asText());
    }
    List<Transcript.Share> shares = new ArrayList<>();
    for (JsonNode n : array(inputs, "participant_shares")) {
      shares.add(
          new Transcript.Share(number(field(n, "identifier")), text(n, "participant_share")));
    }
    List<Transcript.RoundOne> roundOne = new ArrayList<>();
    for (JsonNode n : array(field(root, "round_one_outputs"), "outputs")) {
      roundOne.add(
          new Transcript.RoundOne(
              number(field(n, "identifier")),
              text(n, "hiding_nonce_randomness"),
              text(n, "binding_nonce_randomness"),
              text(n, "hiding_nonce"),
              text(n, "binding_nonce"),
              text(n, "hiding_nonce_commitment"),
              text(n, "binding_nonce_commitment"),
              text(n, "binding_factor_input"),
              text(n, "binding_factor")));
    }
    List<Transcript.RoundTwo> roundTwo = new ArrayList<>();
    for (JsonNode n : array(field(root, "round_two_outputs"), "outputs")) {
      roundTwo.add(new Transcript.RoundTwo(number(field(n, "identifier")), text(n, "sig_share")));
    }
    return new Transcript(
        new Transcript.Config(
            (int) number(field(config, "MAX_PARTICIPANTS")),
            (int) number(field(config, "NUM_PARTICIPANTS")),
            (int) number(field(config, "MIN_PARTICIPANTS")),
            text(config, "name"),
            text(config, "group"),
            text(config, "hash")),
        participants,
        text(inputs, "group_secret_key"),
        groupKey.asText(),
        text(inputs, "message"),
        coefficients,
        shares,
        roundOne,
        roundTwo,
        text(field(root, "final_output"), "sig"));
  }

  private static JsonNode field(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw new MalformedInputException("transcript lacks \"" + name + "\"");
    }
    return value;
  }

  private static JsonNode array(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (!value.isArray()) {
      throw new MalformedInputException("\"" + name + "\" must be an array");
    }
    return value;
  }

  private static String text(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (!value.isTextual()) {
      throw new MalformedInputException("\"" + name + "\" must be a string");
    }
    return value.asText();
  }

  /** A number written as a JSON number or as a decimal string (the RFC files do both). */
  private static long number(JsonNode node) {
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.asLong();
    }
    if (node.isTextual()) {
      try {
        return Long.parseLong(node.asText());
      } catch (NumberFormatException e) {
        throw new MalformedInputException("not a number: " + node.asText(), e);
      }
    }
    throw new MalformedInputException("not a number: " + node);
  }
}
