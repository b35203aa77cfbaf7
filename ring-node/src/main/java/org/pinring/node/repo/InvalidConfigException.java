package org.pinring.node.repo;

/** config.json holds something the node cannot use; the message names the key. */
public final class InvalidConfigException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public InvalidConfigException(String message) {
    super(message);
  }
}
