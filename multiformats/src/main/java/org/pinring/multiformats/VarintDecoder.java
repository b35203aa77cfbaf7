package org.pinring.multiformats;

/**
 * Decodes one varint from bytes that arrive one at a time, e.g. from a network buffer that may end
 * anywhere. Not thread-safe; reusable after {@link #reset()}.
 */
public final class VarintDecoder {

  private long value;
  private int count;
  private boolean complete;

  /**
   * Accepts the next byte.
   *
   * @return true if this byte completed the varint; {@link #value()} is then available
   * @throws InvalidVarintException if the varint is too long or not minimally encoded
   * @throws IllegalStateException if called after completion without {@link #reset()}
   */
  public boolean accept(byte next) {
    if (complete) {
      throw new IllegalStateException("varint already complete; call reset() first");
    }
    if (count == Varint.MAX_BYTES) {
      throw Varint.tooLong();
    }
    int b = next & 0xFF;
    value |= (long) (b & 0x7F) << (7 * count);
    count++;
    if ((b & 0x80) != 0) {
      if (count == Varint.MAX_BYTES) {
        throw Varint.tooLong();
      }
      return false;
    }
    if (b == 0 && count > 1) {
      throw Varint.nonMinimal();
    }
    complete = true;
    return true;
  }

  /** True once a whole varint has been accepted. */
  public boolean isComplete() {
    return complete;
  }

  /** Bytes accepted since the last reset. */
  public int bytesSeen() {
    return count;
  }

  /**
   * The decoded value.
   *
   * @throws IllegalStateException if the varint is not complete yet
   */
  public long value() {
    if (!complete) {
      throw new IllegalStateException("varint not complete yet");
    }
    return value;
  }

  /** Prepares for the next varint. */
  public void reset() {
    value = 0;
    count = 0;
    complete = false;
  }
}
