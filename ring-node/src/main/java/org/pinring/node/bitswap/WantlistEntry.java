package org.pinring.node.bitswap;

import java.util.Objects;
import org.pinring.multiformats.Cid;

/**
 * One entry of a wantlist.
 *
 * @param cid the block wanted (or no longer wanted)
 * @param priority higher first; peers may ignore it
 * @param cancel true if this revokes an earlier want of {@code cid}
 * @param type a block or only whether the peer has it
 * @param sendDontHave true to be told "don't have" instead of silence
 */
public record WantlistEntry(
    Cid cid, int priority, boolean cancel, WantType type, boolean sendDontHave) {

  public WantlistEntry {
    Objects.requireNonNull(cid, "cid");
    Objects.requireNonNull(type, "type");
  }

  /** A want-block entry asking for "don't have" answers. */
  public static WantlistEntry wantBlock(Cid cid, int priority) {
    return new WantlistEntry(cid, priority, false, WantType.BLOCK, true);
  }

  /** A want-have entry asking for "don't have" answers. */
  public static WantlistEntry wantHave(Cid cid, int priority) {
    return new WantlistEntry(cid, priority, false, WantType.HAVE, true);
  }

  /** A cancel of an earlier want. */
  public static WantlistEntry cancel(Cid cid) {
    return new WantlistEntry(cid, 0, true, WantType.BLOCK, false);
  }
}
