package org.pinring.node.blockstore;

/**
 * What a garbage collection did.
 *
 * @param roots the pinned roots it kept
 * @param liveBlocks blocks reachable from them
 * @param removedBlocks blocks removed
 * @param freedBytes their total size
 * @param keptUnreachable unreachable blocks kept because a session or a write protected them
 */
public record GcReport(
    int roots, long liveBlocks, long removedBlocks, long freedBytes, long keptUnreachable) {}
