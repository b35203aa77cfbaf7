package org.pinring.multiformats.ipld;

import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.pinring.multiformats.Cid;

/**
 * A dag-pb link (ipld/specs, codecs/dag-pb, {@code PBLink}): the target's CID, an optional name and
 * an optional cumulative size of the target DAG. An absent name and an empty name are different
 * values with different encodings; UnixFS file nodes use empty names, directories use entry names.
 *
 * @param hash the linked block
 * @param name the link's name, if it has one
 * @param tsize the cumulative size in bytes of the target DAG, if known; never negative
 */
public record PbLink(Cid hash, Optional<String> name, OptionalLong tsize) {

  /**
   * The specification's link order: by the bytes of the name, a missing name counting as empty,
   * shorter first when one name is a prefix of the other.
   */
  public static final Comparator<PbLink> NAME_ORDER =
      (a, b) -> java.util.Arrays.compareUnsigned(a.nameBytes(), b.nameBytes());

  /**
   * @throws IllegalArgumentException if {@code tsize} is negative or {@code name} is not valid
   *     Unicode text
   */
  public PbLink {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(tsize, "tsize");
    if (tsize.isPresent() && tsize.getAsLong() < 0) {
      throw new IllegalArgumentException("Tsize must not be negative: " + tsize.getAsLong());
    }
    name.ifPresent(Utf8Text::encode);
  }

  /** A link with a name and a size, as UnixFS writes them. */
  public static PbLink of(Cid hash, String name, long tsize) {
    return new PbLink(hash, Optional.of(name), OptionalLong.of(tsize));
  }

  /** The name's UTF-8 bytes; empty when there is no name. */
  public byte[] nameBytes() {
    return name.map(Utf8Text::encode).orElse(new byte[0]);
  }

  /** The name, or the empty string when there is none. */
  public String nameOrEmpty() {
    return name.orElse("");
  }
}
