package org.pinring.node.blockstore;

import java.util.Collection;
import org.pinring.multiformats.Cid;

/**
 * The roots garbage collection keeps, with everything reachable from them: the local pins today,
 * the ring's assignments later. Read once per collection, under the store's lock, so it must be
 * quick and must not call back into the store.
 */
@FunctionalInterface
public interface GcRoots {
  Collection<Cid> snapshot();
}
