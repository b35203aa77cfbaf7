package org.pinring.crdt;

import java.util.List;
import org.pinring.multiformats.Cid;

/**
 * The heads of a replica as announced to the ring.
 *
 * @param heads up to {@link CrdtLimits#MAX_PARENTS} head deltas
 * @param maxHeight the highest height among them, for sync-lag estimates (not trusted for anything
 *     else: heights are verified against the deltas themselves)
 */
public record HeadAnnouncement(List<Cid> heads, long maxHeight) {

  public HeadAnnouncement {
    heads = List.copyOf(heads);
    if (heads.size() > CrdtLimits.MAX_PARENTS) {
      throw new IllegalArgumentException(
          "an announcement carries at most " + CrdtLimits.MAX_PARENTS + " heads");
    }
    if (maxHeight < 0) {
      throw new IllegalArgumentException("height must not be negative");
    }
  }
}
