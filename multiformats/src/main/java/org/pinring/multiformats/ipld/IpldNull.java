package org.pinring.multiformats.ipld;

/** The Data Model's null. */
public record IpldNull() implements Ipld {

  static final IpldNull INSTANCE = new IpldNull();

  @Override
  public String kind() {
    return "null";
  }
}
