package org.pinring.crdt;

import java.util.Objects;

/**
 * One CID added by a {@link PinOperation}.
 *
 * @param spec what to keep
 * @param version orders concurrent values of the same CID: the live add with the highest {@code
 *     (version, operation id)} gives the CID its value. Proposers use one more than the highest
 *     version they observed.
 */
public record PinEntry(PinSpec spec, long version) {

  public PinEntry {
    Objects.requireNonNull(spec, "spec");
    if (version < 0) {
      throw new IllegalArgumentException("version must not be negative: " + version);
    }
  }
}
