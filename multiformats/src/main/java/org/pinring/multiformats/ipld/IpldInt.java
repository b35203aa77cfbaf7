package org.pinring.multiformats.ipld;

/** An integer in the signed 64-bit range. */
public record IpldInt(long value) implements Ipld {

  @Override
  public String kind() {
    return "integer";
  }
}
