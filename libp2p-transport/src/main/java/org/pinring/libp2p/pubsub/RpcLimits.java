package org.pinring.libp2p.pubsub;

/**
 * Bounds on a received RPC, checked while decoding and before allocating. The defaults follow
 * js-libp2p gossipsub's decode limits, with PinRing's 1 MiB RPC size.
 *
 * @param maxRpcBytes the largest RPC accepted (its length prefix is checked before the body is
 *     buffered)
 * @param maxSubscriptions subscription entries per RPC
 * @param maxMessages messages per RPC
 * @param maxIHaveMessageIds message ids across all IHAVE entries of an RPC
 * @param maxIWantMessageIds message ids across all IWANT entries of an RPC
 * @param maxControlEntries GRAFT, PRUNE, IHAVE and IWANT entries together per RPC
 * @param maxPeerInfos peer-exchange entries per PRUNE
 * @param maxTopicBytes UTF-8 bytes of a topic name
 * @param maxMessageIdBytes bytes of one message id
 */
public record RpcLimits(
    int maxRpcBytes,
    int maxSubscriptions,
    int maxMessages,
    int maxIHaveMessageIds,
    int maxIWantMessageIds,
    int maxControlEntries,
    int maxPeerInfos,
    int maxTopicBytes,
    int maxMessageIdBytes) {

  /** 1 MiB: the default maximum RPC size. */
  public static final int DEFAULT_MAX_RPC_BYTES = 1 << 20;

  public RpcLimits {
    requirePositive(maxRpcBytes, "maxRpcBytes");
    requirePositive(maxSubscriptions, "maxSubscriptions");
    requirePositive(maxMessages, "maxMessages");
    requirePositive(maxIHaveMessageIds, "maxIHaveMessageIds");
    requirePositive(maxIWantMessageIds, "maxIWantMessageIds");
    requirePositive(maxControlEntries, "maxControlEntries");
    requirePositive(maxPeerInfos, "maxPeerInfos");
    requirePositive(maxTopicBytes, "maxTopicBytes");
    requirePositive(maxMessageIdBytes, "maxMessageIdBytes");
  }

  public static RpcLimits defaults() {
    return new RpcLimits(DEFAULT_MAX_RPC_BYTES, 5000, 5000, 5000, 5000, 5000, 16, 1024, 256);
  }

  /** These limits with another maximum RPC size. */
  public RpcLimits withMaxRpcBytes(int value) {
    return new RpcLimits(
        value,
        maxSubscriptions,
        maxMessages,
        maxIHaveMessageIds,
        maxIWantMessageIds,
        maxControlEntries,
        maxPeerInfos,
        maxTopicBytes,
        maxMessageIdBytes);
  }

  private static void requirePositive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
