package org.pinring.crdt;

import java.util.Comparator;
import java.util.Objects;

/**
 * One live add of a CID: the value an add operation gave it.
 *
 * @param tag the id of the operation that added it
 * @param version its version (see {@link PinEntry#version()})
 * @param spec the value
 */
public record PinValue(OperationId tag, long version, PinSpec spec) {

  /** The order that picks a CID's value among its live adds: version, then tag bytes. */
  public static final Comparator<PinValue> PRECEDENCE =
      Comparator.comparingLong(PinValue::version).thenComparing(PinValue::tag);

  public PinValue {
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(spec, "spec");
    if (version < 0) {
      throw new IllegalArgumentException("version must not be negative: " + version);
    }
  }
}
