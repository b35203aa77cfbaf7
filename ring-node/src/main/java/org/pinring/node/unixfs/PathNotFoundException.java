package org.pinring.node.unixfs;

/** A path inside a UnixFS DAG names nothing: no such entry, or a component is not a directory. */
public final class PathNotFoundException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public PathNotFoundException(String message) {
    super(message);
  }
}
