package org.pinring.node.bitswap;

/**
 * Where a fetch stands.
 *
 * @param blocksDone blocks stored or found present
 * @param bytesFetched bytes of blocks received and stored
 * @param blocksKnown blocks known to be part of the DAG so far (grows as links are read)
 */
public record FetchProgress(long blocksDone, long bytesFetched, long blocksKnown) {}
