package org.pinring.node.unixfs;

import org.pinring.multiformats.Cid;
import org.pinring.multiformats.MultiformatException;

/**
 * A DAG that is not valid UnixFS where UnixFS is expected: a node of the wrong codec or type, sizes
 * that do not add up, an unsafe entry name, a DAG beyond the reader's limits.
 */
public final class InvalidUnixFsException extends MultiformatException {

  private static final long serialVersionUID = 1L;

  public InvalidUnixFsException(Cid cid, String message) {
    super(cid + ": " + message);
  }

  public InvalidUnixFsException(Cid cid, String message, Throwable cause) {
    super(cid + ": " + message, cause);
  }
}
