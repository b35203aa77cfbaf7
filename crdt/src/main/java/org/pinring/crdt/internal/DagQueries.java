package org.pinring.crdt.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pinring.crdt.kv.KeyValueEntry;
import org.pinring.crdt.kv.KeyValueIterator;
import org.pinring.crdt.kv.KeyValueReader;
import org.pinring.multiformats.Cid;

/** Lookups in the DAG part of the layout, through a batch's staged view. */
final class DagQueries {

  private DagQueries() {}

  static DeltaInfo applied(StagedWrites staged, Cid cid) {
    byte[] value = staged.get(StoreLayout.cidKey(StoreLayout.DELTA, cid));
    return value == null ? null : DeltaInfo.decode(value);
  }

  static boolean isApplied(StagedWrites staged, Cid cid) {
    return staged.contains(StoreLayout.cidKey(StoreLayout.DELTA, cid));
  }

  /** The height of an applied delta, from the recent-heights cache when possible, else -1. */
  static long appliedHeight(StagedWrites staged, RecentHeights recent, Cid cid) {
    long height = recent.get(cid);
    if (height > 0) {
      return height;
    }
    DeltaInfo info = applied(staged, cid);
    return info == null ? -1 : info.height();
  }

  static boolean isRejected(StagedWrites staged, Cid cid) {
    return staged.contains(StoreLayout.cidKey(StoreLayout.REJECTED, cid));
  }

  static boolean isPending(StagedWrites staged, Cid cid) {
    return staged.contains(StoreLayout.cidKey(StoreLayout.PENDING, cid));
  }

  /** The pending deltas waiting for {@code parent}, as the batch will leave them. */
  static List<Cid> waitingChildren(KeyValueReader store, StagedWrites staged, Cid parent) {
    byte[] prefix = StoreLayout.cidKey(StoreLayout.WAITING, parent);
    Map<byte[], byte[]> overlay = staged.stagedWithPrefix(prefix);
    List<Cid> children = new ArrayList<>();
    try (KeyValueIterator it = store.scan(prefix)) {
      while (it.hasNext()) {
        KeyValueEntry entry = it.next();
        if (!overlay.containsKey(entry.key())) {
          children.add(StoreLayout.waitingChild(entry.key(), parent));
        }
      }
    }
    for (Map.Entry<byte[], byte[]> entry : overlay.entrySet()) {
      if (entry.getValue() != null) {
        children.add(StoreLayout.waitingChild(entry.getKey(), parent));
      }
    }
    return children;
  }
}
