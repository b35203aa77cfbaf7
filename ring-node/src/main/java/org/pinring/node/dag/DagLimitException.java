package org.pinring.node.dag;

import org.pinring.multiformats.Cid;

/** A traversal stopped because the DAG exceeds one of its {@link DagLimits}. */
public final class DagLimitException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public DagLimitException(Cid root, String what) {
    super("the DAG under " + root + " " + what);
  }
}
