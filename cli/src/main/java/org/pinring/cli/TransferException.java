package org.pinring.cli;

import java.io.IOException;

/**
 * What a daemon sent is not what was asked for: a CAR with another root, a block that is not part
 * of the DAG, a block that does not match its CID, or a transfer that ended early. Nothing of it is
 * written out.
 */
final class TransferException extends IOException {

  private static final long serialVersionUID = 1L;

  TransferException(String message) {
    super(message);
  }

  TransferException(String message, Throwable cause) {
    super(message, cause);
  }
}
