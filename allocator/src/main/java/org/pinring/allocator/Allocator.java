package org.pinring.allocator;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The allocator's entry point: placement, repair and rebalance planning as pure functions of their
 * inputs. Time is an input ({@code nowMillis}); nothing here reads a clock, does I/O or keeps state
 * between calls, so every peer that sees the same inputs computes the same plans. Thread-safe.
 */
public final class Allocator {

  private final PlacementPolicy policy;
  private final AllocatorConfig config;

  public Allocator(PlacementPolicy policy, AllocatorConfig config) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.config = Objects.requireNonNull(config, "config");
  }

  /** The default allocator: bounded-load rendezvous hashing with the default configuration. */
  public static Allocator standard() {
    return new Allocator(RendezvousPolicy.standard(), AllocatorConfig.DEFAULTS);
  }

  public PlacementPolicy policy() {
    return policy;
  }

  public AllocatorConfig config() {
    return config;
  }

  /** Whether {@code peer} has been unseen for longer than the grace period at {@code nowMillis}. */
  public boolean isGone(PeerState peer, long nowMillis) {
    long lastSeen = peer.lastSeenMillis();
    // Unsigned: the true difference of two longs with lastSeen < now always fits in 64 bits.
    return lastSeen < nowMillis
        && Long.compareUnsigned(nowMillis - lastSeen, config.gracePeriod().toMillis()) > 0;
  }

  /** The problem over the peers that are not gone at {@code nowMillis}. */
  public PlacementProblem problem(List<Pin> pins, List<PeerState> peers, long nowMillis) {
    List<PeerState> live = new ArrayList<>(peers.size());
    for (PeerState peer : peers) {
      if (!isGone(peer, nowMillis)) {
        live.add(peer);
      }
    }
    return PlacementProblem.of(pins, live, config);
  }

  /** Where every pin should live, on the peers that are not gone at {@code nowMillis}. */
  public Placement place(List<Pin> pins, List<PeerState> peers, long nowMillis) {
    return policy.place(problem(pins, peers, nowMillis));
  }

  /**
   * Which peers take over the copies held by peers gone longer than the grace period (or no longer
   * in the peer view at all). Replacements are the pin's target holders first, then the next peers
   * in rendezvous order, and only peers with room for the pin right now, counting what they already
   * hold.
   */
  public RepairPlan repair(
      List<Pin> pins, List<PeerState> peers, List<PinHolders> holders, long nowMillis) {
    PlacementProblem problem = problem(pins, peers, nowMillis);
    return new RepairPlanner(problem, policy.place(problem), HolderTable.of(problem, holders))
        .plan();
  }

  /**
   * One bounded round of moves towards the target placement, after joins, capacity changes or
   * returning peers: new holders first, old copies dropped only after the new ones are confirmed.
   */
  public RebalancePlan rebalance(
      List<Pin> pins, List<PeerState> peers, List<PinHolders> holders, long nowMillis) {
    PlacementProblem problem = problem(pins, peers, nowMillis);
    return new RebalancePlanner(problem, policy.place(problem), HolderTable.of(problem, holders))
        .plan();
  }

  @Override
  public String toString() {
    return "Allocator(" + policy.name() + ")";
  }
}
