package org.pinring.node.dag;

import org.pinring.multiformats.Cid;

/** A block a traversal or a read needs is not in the store. */
public final class MissingBlockException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Cid cid;

  public MissingBlockException(Cid cid) {
    super("block " + cid + " is not in the local store");
    this.cid = cid;
  }

  public Cid cid() {
    return cid;
  }
}
