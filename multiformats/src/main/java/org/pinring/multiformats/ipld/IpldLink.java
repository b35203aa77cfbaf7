package org.pinring.multiformats.ipld;

import java.util.Objects;
import org.pinring.multiformats.Cid;

/** A link to another block, by CID. */
public record IpldLink(Cid cid) implements Ipld {

  public IpldLink {
    Objects.requireNonNull(cid, "cid");
  }

  @Override
  public String kind() {
    return "link";
  }
}
