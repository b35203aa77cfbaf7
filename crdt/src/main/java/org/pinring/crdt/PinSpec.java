package org.pinring.crdt;

import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multiaddr;

/**
 * What the ring should keep for one CID and how. Validated and immutable.
 *
 * @param cid the content to keep
 * @param name a label for people, up to {@link CrdtLimits#MAX_NAME_BYTES} UTF-8 bytes (may be
 *     empty)
 * @param mode recursive or direct
 * @param replication how many copies
 * @param placementTags placement hints (e.g. {@code region:eu}), sorted, unique
 * @param expiry when the pin stops being effective, to the millisecond; empty for never. Expiry is
 *     evaluated against a wall time the caller passes in, never inside the merge.
 * @param metadata free-form user metadata, sorted by key
 * @param origins addresses of peers known to have the content, in the order given
 */
public record PinSpec(
    Cid cid,
    String name,
    PinMode mode,
    Replication replication,
    SortedSet<String> placementTags,
    Optional<Instant> expiry,
    SortedMap<String, String> metadata,
    List<Multiaddr> origins) {

  /**
   * @throws IllegalArgumentException if a field is out of its bounds (see {@link CrdtLimits})
   */
  public PinSpec {
    Objects.requireNonNull(cid, "cid");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(replication, "replication");
    Objects.requireNonNull(expiry, "expiry");
    checkUtf8Length("name", name, 0, CrdtLimits.MAX_NAME_BYTES);
    placementTags = Collections.unmodifiableSortedSet(new TreeSet<>(placementTags));
    if (placementTags.size() > CrdtLimits.MAX_PLACEMENT_TAGS) {
      throw new IllegalArgumentException(
          "at most "
              + CrdtLimits.MAX_PLACEMENT_TAGS
              + " placement tags, not "
              + placementTags.size());
    }
    for (String tag : placementTags) {
      checkUtf8Length("placement tag", tag, 1, CrdtLimits.MAX_PLACEMENT_TAG_BYTES);
    }
    if (expiry.isPresent()) {
      try {
        // Millisecond precision: the encoding carries Unix milliseconds.
        expiry = Optional.of(Instant.ofEpochMilli(expiry.get().toEpochMilli()));
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("expiry out of range: " + expiry.get(), e);
      }
    }
    metadata = Collections.unmodifiableSortedMap(new TreeMap<>(metadata));
    if (metadata.size() > CrdtLimits.MAX_METADATA_ENTRIES) {
      throw new IllegalArgumentException(
          "at most "
              + CrdtLimits.MAX_METADATA_ENTRIES
              + " metadata entries, not "
              + metadata.size());
    }
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      checkUtf8Length("metadata key", entry.getKey(), 1, CrdtLimits.MAX_METADATA_KEY_BYTES);
      checkUtf8Length("metadata value", entry.getValue(), 0, CrdtLimits.MAX_METADATA_VALUE_BYTES);
    }
    origins = List.copyOf(origins);
    if (origins.size() > CrdtLimits.MAX_ORIGINS) {
      throw new IllegalArgumentException(
          "at most " + CrdtLimits.MAX_ORIGINS + " origins, not " + origins.size());
    }
  }

  /** A recursive pin with the ring's default replication and nothing else set. */
  public static PinSpec of(Cid cid) {
    return builder(cid).build();
  }

  public static Builder builder(Cid cid) {
    return new Builder(cid);
  }

  /** Whether the pin has expired at {@code now} (a wall time chosen by the caller). */
  public boolean isExpiredAt(Instant now) {
    return expiry.isPresent() && !now.isBefore(expiry.get());
  }

  private static void checkUtf8Length(String what, String value, int min, int max) {
    Objects.requireNonNull(value, what);
    int length = utf8Length(what, value);
    if (length < min || length > max) {
      throw new IllegalArgumentException(
          what + " must have " + min + " to " + max + " UTF-8 bytes, not " + length);
    }
  }

  /** The UTF-8 length; fails for text with unpaired surrogates, which has no UTF-8 form. */
  static int utf8Length(String what, String value) {
    try {
      return StandardCharsets.UTF_8
          .newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(value))
          .remaining();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(what + " is not valid Unicode (unpaired surrogate)", e);
    }
  }

  /** Builds a {@link PinSpec}; every field but the CID has a default. */
  public static final class Builder {
    private final Cid cid;
    private String name = "";
    private PinMode mode = PinMode.RECURSIVE;
    private Replication replication = Replication.RING_DEFAULT;
    private SortedSet<String> placementTags = new TreeSet<>();
    private Optional<Instant> expiry = Optional.empty();
    private SortedMap<String, String> metadata = new TreeMap<>();
    private List<Multiaddr> origins = List.of();

    private Builder(Cid cid) {
      this.cid = Objects.requireNonNull(cid, "cid");
    }

    public Builder name(String value) {
      this.name = value;
      return this;
    }

    public Builder mode(PinMode value) {
      this.mode = value;
      return this;
    }

    public Builder replication(Replication value) {
      this.replication = value;
      return this;
    }

    public Builder placementTags(SortedSet<String> value) {
      this.placementTags = new TreeSet<>(value);
      return this;
    }

    public Builder expiry(Instant value) {
      this.expiry = Optional.of(value);
      return this;
    }

    public Builder metadata(Map<String, String> value) {
      this.metadata = new TreeMap<>(value);
      return this;
    }

    public Builder origins(List<Multiaddr> value) {
      this.origins = List.copyOf(value);
      return this;
    }

    public PinSpec build() {
      return new PinSpec(cid, name, mode, replication, placementTags, expiry, metadata, origins);
    }
  }
}
