package org.pinring.multiformats.ipld;

/** A boolean. */
public record IpldBool(boolean value) implements Ipld {

  static final IpldBool TRUE = new IpldBool(true);
  static final IpldBool FALSE = new IpldBool(false);

  @Override
  public String kind() {
    return "boolean";
  }
}
