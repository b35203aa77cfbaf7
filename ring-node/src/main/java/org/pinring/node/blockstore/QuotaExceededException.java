package org.pinring.node.blockstore;

import org.pinring.node.repo.ByteSize;

/**
 * A write refused because it would take the store beyond the space its owner lent. Nothing of the
 * refused block was stored.
 */
public final class QuotaExceededException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final long quotaBytes;
  private final long usedBytes;
  private final long requestedBytes;

  public QuotaExceededException(long quotaBytes, long usedBytes, long requestedBytes) {
    super(
        "storing "
            + ByteSize.format(requestedBytes)
            + " more would exceed the lent space of "
            + ByteSize.format(quotaBytes)
            + " ("
            + ByteSize.format(usedBytes)
            + " in use or being written); lend more space in config.json, or free some with"
            + " `pinring pin rm` and `pinring repo gc`");
    this.quotaBytes = quotaBytes;
    this.usedBytes = usedBytes;
    this.requestedBytes = requestedBytes;
  }

  public long quotaBytes() {
    return quotaBytes;
  }

  public long usedBytes() {
    return usedBytes;
  }

  public long requestedBytes() {
    return requestedBytes;
  }
}
