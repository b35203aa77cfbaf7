package org.pinring.multiformats.ipld;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.pinring.multiformats.Cid;

/**
 * A map from strings to values, kept in DAG-CBOR's canonical key order: shorter UTF-8 encodings
 * first, equal lengths bytewise. Iteration follows that order, so encoders need not sort.
 *
 * <p>The typed getters ({@link #string(String)}, {@link #integer(String)}, ...) are for readers of
 * PinRing's own formats: they fail with an {@link InvalidIpldException} naming the field and what
 * was found, which is the error a user or operator sees for a malformed record.
 */
public record IpldMap(Map<String, Ipld> entries) implements Ipld {

  /** DAG-CBOR's key order: by UTF-8 length, then bytewise. */
  public static final Comparator<byte[]> CANONICAL_KEY_ORDER =
      Comparator.comparingInt((byte[] key) -> key.length).thenComparing(Arrays::compareUnsigned);

  /**
   * @throws IllegalArgumentException if a key is not valid Unicode text
   */
  public IpldMap {
    Objects.requireNonNull(entries, "entries");
    List<Map.Entry<byte[], String>> keys = new ArrayList<>(entries.size());
    for (String key : entries.keySet()) {
      keys.add(Map.entry(Utf8Text.encode(key), key));
    }
    keys.sort(Map.Entry.comparingByKey(CANONICAL_KEY_ORDER));
    Map<String, Ipld> ordered = new LinkedHashMap<>();
    for (Map.Entry<byte[], String> key : keys) {
      String name = key.getValue();
      ordered.put(name, Objects.requireNonNull(entries.get(name), () -> "value of key " + name));
    }
    entries = Collections.unmodifiableMap(ordered);
  }

  public static Builder builder() {
    return new Builder();
  }

  public static IpldMap empty() {
    return new IpldMap(Map.of());
  }

  @Override
  public String kind() {
    return "map";
  }

  public int size() {
    return entries.size();
  }

  public Optional<Ipld> get(String key) {
    return Optional.ofNullable(entries.get(key));
  }

  /** The value at {@code key}; fails if absent. */
  public Ipld require(String key) {
    Ipld value = entries.get(key);
    if (value == null) {
      throw new InvalidIpldException("missing field '" + key + "'");
    }
    return value;
  }

  public String string(String key) {
    return as(key, IpldString.class, "a string").value();
  }

  public long integer(String key) {
    return as(key, IpldInt.class, "an integer").value();
  }

  public boolean bool(String key) {
    return as(key, IpldBool.class, "a boolean").value();
  }

  public byte[] bytes(String key) {
    return as(key, IpldBytes.class, "bytes").value();
  }

  public Cid link(String key) {
    return as(key, IpldLink.class, "a link").cid();
  }

  public IpldList list(String key) {
    return as(key, IpldList.class, "a list");
  }

  public IpldMap map(String key) {
    return as(key, IpldMap.class, "a map");
  }

  /**
   * Fails unless every key is one of {@code allowed}: readers of strict formats use it to reject
   * unknown fields instead of silently dropping them.
   */
  public IpldMap requireOnlyKeys(Set<String> allowed) {
    Set<String> unknown = new TreeSet<>(entries.keySet());
    unknown.removeAll(allowed);
    if (!unknown.isEmpty()) {
      throw new InvalidIpldException(
          "unknown field(s) " + unknown + "; expected only " + new TreeSet<>(allowed));
    }
    return this;
  }

  private <T extends Ipld> T as(String key, Class<T> type, String expected) {
    Ipld value = require(key);
    if (!type.isInstance(value)) {
      throw new InvalidIpldException(
          "field '" + key + "' must be " + expected + ", found " + value.kind());
    }
    return type.cast(value);
  }

  /** Builds a map entry by entry; later puts of the same key are errors, not overwrites. */
  public static final class Builder {
    private final Map<String, Ipld> entries = new LinkedHashMap<>();

    public Builder put(String key, Ipld value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (entries.putIfAbsent(key, value) != null) {
        throw new IllegalArgumentException("duplicate key '" + key + "'");
      }
      return this;
    }

    public Builder put(String key, String value) {
      return put(key, Ipld.of(value));
    }

    public Builder put(String key, long value) {
      return put(key, Ipld.of(value));
    }

    public Builder put(String key, boolean value) {
      return put(key, Ipld.of(value));
    }

    public Builder put(String key, byte[] value) {
      return put(key, Ipld.of(value));
    }

    public Builder put(String key, Cid value) {
      return put(key, Ipld.of(value));
    }

    public IpldMap build() {
      return new IpldMap(entries);
    }
  }
}
