package org.pinring.node.bitswap;

import java.util.List;

/**
 * One Bitswap message (ipfs/specs BITSWAP.md, the {@code Message} protobuf): wantlist changes,
 * blocks, block presences. Every part may be empty.
 *
 * @param wantlist wantlist entries (wants and cancels)
 * @param fullWantlist true if {@code wantlist} replaces the sender's whole wantlist
 * @param blocks block payloads
 * @param presences HAVE and DONT_HAVE answers
 * @param pendingBytes how many bytes of blocks the sender still has queued for the receiver
 */
public record BitswapMessage(
    List<WantlistEntry> wantlist,
    boolean fullWantlist,
    List<BlockPayload> blocks,
    List<BlockPresence> presences,
    int pendingBytes) {

  public BitswapMessage {
    wantlist = List.copyOf(wantlist);
    blocks = List.copyOf(blocks);
    presences = List.copyOf(presences);
  }

  public static BitswapMessage wants(List<WantlistEntry> entries) {
    return new BitswapMessage(entries, false, List.of(), List.of(), 0);
  }

  public static BitswapMessage response(List<BlockPayload> blocks, List<BlockPresence> presences) {
    return new BitswapMessage(List.of(), false, blocks, presences, 0);
  }

  public boolean isEmpty() {
    return wantlist.isEmpty() && blocks.isEmpty() && presences.isEmpty() && !fullWantlist;
  }

  /** The bytes of block data carried. */
  public long blockBytes() {
    long total = 0;
    for (BlockPayload block : blocks) {
      total += block.data().length;
    }
    return total;
  }
}
