package org.pinring.node.blockstore;

import org.pinring.multiformats.Cid;

/** Bytes that do not match their CID: received from elsewhere, or found damaged on disk. */
public final class CorruptBlockException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Cid cid;

  public CorruptBlockException(Cid cid, String reason) {
    super("block " + cid + ": " + reason);
    this.cid = cid;
  }

  public Cid cid() {
    return cid;
  }
}
