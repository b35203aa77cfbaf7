package org.pinring.crdt;

/**
 * What a bootstrap from a checkpoint imported.
 *
 * @param records state records (pins with their tombstones, ring operations)
 * @param deltas deltas known from the snapshot (below or at the frontier)
 * @param blocks snapshot blocks fetched
 * @param bytes bytes of snapshot blocks fetched
 */
public record BootstrapResult(long records, long deltas, long blocks, long bytes) {}
