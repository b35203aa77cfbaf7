package org.pinring.allocator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Sorts pins into the canonical order, ascending placement key (unsigned) with ties broken by CID,
 * quickly enough for millions of pins: the keys' top 40 bits and the pin's index are packed into
 * one long and sorted as primitives; runs that share the 40-bit prefix are then sorted exactly.
 */
final class PinOrder {

  private static final int INDEX_BITS = 24;
  private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;

  /** Room for the binary form of common CIDs (36 bytes for CIDv1 with sha2-256). */
  private static final int SCRATCH_BYTES = 128;

  private final List<Pin> pins;
  private final long[] keys;

  private PinOrder(List<Pin> pins, long[] keys) {
    this.pins = pins;
    this.keys = keys;
  }

  /** The pins in canonical order. */
  List<Pin> pins() {
    return pins;
  }

  /** Their placement keys, in the same order (ascending as unsigned numbers). */
  long[] keys() {
    return keys;
  }

  /**
   * @throws IllegalArgumentException if a CID appears twice
   */
  static PinOrder of(List<Pin> input) {
    int size = input.size();
    long[] rawKeys = new long[size];
    long[] packed = new long[size];
    byte[] scratch = new byte[SCRATCH_BYTES];
    for (int i = 0; i < size; i++) {
      Pin pin = Objects.requireNonNull(input.get(i), "pin");
      rawKeys[i] = PlacementHash.pinKey(pin.cid(), scratch);
      // Flipping the sign bit makes the signed sort follow the keys' unsigned order.
      packed[i] = ((rawKeys[i] ^ Long.MIN_VALUE) & ~INDEX_MASK) | i;
    }
    Arrays.sort(packed);
    List<Pin> pins = new ArrayList<>(size);
    long[] keys = new long[size];
    int start = 0;
    while (start < size) {
      int end = start + 1;
      while (end < size && (packed[end] & ~INDEX_MASK) == (packed[start] & ~INDEX_MASK)) {
        end++;
      }
      if (end - start == 1) {
        // The common case: a unique 40-bit prefix, already in its place.
        int original = (int) (packed[start] & INDEX_MASK);
        keys[pins.size()] = rawKeys[original];
        pins.add(input.get(original));
      } else {
        for (int original : sortedRun(input, rawKeys, packed, start, end)) {
          keys[pins.size()] = rawKeys[original];
          pins.add(input.get(original));
        }
      }
      start = end;
    }
    return new PinOrder(List.copyOf(pins), keys);
  }

  /** Original indices of a run sharing a 40-bit prefix, sorted by full key then CID. */
  private static List<Integer> sortedRun(
      List<Pin> input, long[] rawKeys, long[] packed, int start, int end) {
    List<Integer> run = new ArrayList<>(end - start);
    for (int k = start; k < end; k++) {
      run.add((int) (packed[k] & INDEX_MASK));
    }
    run.sort(
        (a, b) -> {
          int byKey = Long.compareUnsigned(rawKeys[a], rawKeys[b]);
          return byKey != 0 ? byKey : input.get(a).cid().compareTo(input.get(b).cid());
        });
    for (int k = 1; k < run.size(); k++) {
      if (input.get(run.get(k)).cid().equals(input.get(run.get(k - 1)).cid())) {
        throw new IllegalArgumentException(
            "pin " + input.get(run.get(k)).cid() + " is listed twice");
      }
    }
    return run;
  }
}
