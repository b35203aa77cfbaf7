package org.pinring.multiformats.ipld;

import java.util.List;
import java.util.Objects;

/** An ordered list of values. */
public record IpldList(List<Ipld> items) implements Ipld {

  public IpldList {
    items = List.copyOf(Objects.requireNonNull(items, "items"));
  }

  public static IpldList of(Ipld... items) {
    return new IpldList(List.of(items));
  }

  public int size() {
    return items.size();
  }

  public Ipld get(int index) {
    return items.get(index);
  }

  @Override
  public String kind() {
    return "list";
  }
}
