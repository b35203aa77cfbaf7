package org.pinring.crdt.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.pinring.multiformats.Cid;

/**
 * Heights of recently applied deltas, so that checking a new delta's parents (almost always among
 * the latest deltas) needs no store lookup. Only committed facts go in: entries are added after the
 * batch that applied them is written. Bounded; scheduler thread only.
 */
final class RecentHeights {

  private static final int CAPACITY = 65_536;

  private final LinkedHashMap<Cid, Long> heights =
      new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Cid, Long> eldest) {
          return size() > CAPACITY;
        }
      };

  /** The height, or 0 if not cached. */
  long get(Cid cid) {
    Long height = heights.get(cid);
    return height == null ? 0 : height;
  }

  void put(Cid cid, long height) {
    heights.put(cid, height);
  }
}
