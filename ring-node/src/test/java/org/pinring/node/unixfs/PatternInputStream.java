package org.pinring.node.unixfs;

import java.io.InputStream;

/** The golden fixtures' file content: byte i is (i * mul + add) % 251, generated on the fly. */
final class PatternInputStream extends InputStream {

  private final long length;
  private final long mul;
  private final long add;
  private long position;

  PatternInputStream(long length, long mul, long add) {
    this.length = length;
    this.mul = mul;
    this.add = add;
  }

  static byte[] bytes(int length, long mul, long add) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = (byte) ((i * mul + add) % 251);
    }
    return out;
  }

  @Override
  public int read() {
    if (position >= length) {
      return -1;
    }
    return (int) ((position++ * mul + add) % 251);
  }

  @Override
  public int read(byte[] buffer, int offset, int count) {
    if (position >= length) {
      return -1;
    }
    int n = (int) Math.min(count, length - position);
    for (int i = 0; i < n; i++) {
      buffer[offset + i] = (byte) (((position + i) * mul + add) % 251);
    }
    position += n;
    return n;
  }
}
