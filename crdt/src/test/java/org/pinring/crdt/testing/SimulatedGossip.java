package org.pinring.crdt.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.pinring.crdt.HeadAnnouncement;
import org.pinring.crdt.HeadBroadcaster;
import org.pinring.crdt.RemotePeer;
import org.pinring.runtime.RandomSource;
import org.pinring.runtime.Scheduler;

/**
 * Head gossip among simulated replicas: each announcement reaches every other member after a random
 * delay, and may be lost or duplicated. Misbehaviour reports are recorded.
 */
public final class SimulatedGossip {

  private final Scheduler scheduler;
  private final RandomSource random;
  private volatile double loss;
  private volatile double duplication;
  private final Duration maxDelay;
  private final List<Member> members = new CopyOnWriteArrayList<>();
  private final List<String> misbehaviour = new CopyOnWriteArrayList<>();
  private volatile boolean partitioned;

  public SimulatedGossip(
      Scheduler scheduler,
      RandomSource random,
      double loss,
      double duplication,
      Duration maxDelay) {
    this.scheduler = scheduler;
    this.random = random;
    this.loss = loss;
    this.duplication = duplication;
    this.maxDelay = maxDelay;
  }

  /** Stops (true) or restores (false) all delivery. */
  public void setPartitioned(boolean value) {
    partitioned = value;
  }

  /** Ends the fault phase: no more loss or duplication. */
  public void heal() {
    loss = 0;
    duplication = 0;
    partitioned = false;
  }

  public HeadBroadcaster member(String name) {
    Member member = new Member(new RemotePeer(name));
    members.add(member);
    return member;
  }

  public List<String> misbehaviour() {
    return new ArrayList<>(misbehaviour);
  }

  private final class Member implements HeadBroadcaster {
    private final RemotePeer self;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    Member(RemotePeer self) {
      this.self = self;
    }

    @Override
    public void publish(HeadAnnouncement announcement) {
      if (partitioned) {
        return;
      }
      for (Member other : members) {
        if (other == this) {
          continue;
        }
        if (loss > 0 && random.nextDouble() < loss) {
          continue;
        }
        int copies = duplication > 0 && random.nextDouble() < duplication ? 2 : 1;
        for (int i = 0; i < copies; i++) {
          long delay = maxDelay.toNanos() == 0 ? 0 : random.nextLong(maxDelay.toNanos());
          scheduler.schedule(
              Duration.ofNanos(delay),
              () -> {
                for (Listener listener : other.listeners) {
                  listener.onHeads(self, announcement);
                }
              });
        }
      }
    }

    @Override
    public void subscribe(Listener listener) {
      listeners.add(listener);
    }

    @Override
    public void reportMisbehaviour(RemotePeer peer, String reason) {
      misbehaviour.add(peer.id() + ": " + reason);
    }
  }
}
