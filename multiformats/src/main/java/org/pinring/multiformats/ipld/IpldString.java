package org.pinring.multiformats.ipld;

import java.util.Objects;

/** A string of Unicode text (UTF-8 on the wire). */
public record IpldString(String value) implements Ipld {

  /**
   * @throws IllegalArgumentException if {@code value} holds an unpaired surrogate, which has no
   *     UTF-8 encoding
   */
  public IpldString {
    Objects.requireNonNull(value, "value");
    for (int i = 0; i < value.length(); i++) {
      if (Character.isSurrogate(value.charAt(i))) {
        // Rare: validate the slow way only when surrogates are present.
        Utf8Text.encode(value);
        break;
      }
    }
  }

  @Override
  public String kind() {
    return "string";
  }
}
