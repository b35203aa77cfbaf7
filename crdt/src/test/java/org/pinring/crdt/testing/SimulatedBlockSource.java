package org.pinring.crdt.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.pinring.crdt.Block;
import org.pinring.crdt.BlockSource;
import org.pinring.crdt.RemotePeer;
import org.pinring.crdt.SubDagRequest;
import org.pinring.crdt.SubDagResponder;
import org.pinring.multiformats.Cid;
import org.pinring.runtime.RandomSource;
import org.pinring.runtime.Scheduler;

/**
 * A {@link BlockSource} over a lookup (e.g. the union of several replicas' block stores) that
 * answers after a simulated round-trip time and can lose answers. Counts requests, so tests and
 * benchmarks can report round trips.
 */
public final class SimulatedBlockSource implements BlockSource {

  private final SubDagResponder.BlockLookup lookup;
  private final Scheduler scheduler;
  private final Duration roundTrip;
  private final RandomSource random;
  private final double lossProbability;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong blocksServed = new AtomicLong();
  private final AtomicLong serverCpuNanos = new AtomicLong();
  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  public SimulatedBlockSource(
      SubDagResponder.BlockLookup lookup,
      Scheduler scheduler,
      Duration roundTrip,
      RandomSource random,
      double lossProbability) {
    this.lookup = lookup;
    this.scheduler = scheduler;
    this.roundTrip = roundTrip;
    this.random = random;
    this.lossProbability = lossProbability;
  }

  @Override
  public CompletionStage<List<Block>> fetch(Optional<RemotePeer> hint, List<Cid> cids) {
    long start = THREADS.getCurrentThreadCpuTime();
    List<Block> blocks = new ArrayList<>();
    for (Cid cid : cids) {
      byte[] bytes = lookup.get(cid);
      if (bytes != null) {
        blocks.add(new Block(cid, bytes));
      }
    }
    serverCpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - start);
    return answer(blocks);
  }

  @Override
  public CompletionStage<List<Block>> fetchSubDag(
      Optional<RemotePeer> hint, SubDagRequest request) {
    long start = THREADS.getCurrentThreadCpuTime();
    List<Block> blocks = SubDagResponder.respond(lookup, request);
    serverCpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - start);
    return answer(blocks);
  }

  private CompletionStage<List<Block>> answer(List<Block> blocks) {
    requests.incrementAndGet();
    CompletableFuture<List<Block>> answer = new CompletableFuture<>();
    boolean lost = lossProbability > 0 && random.nextDouble() < lossProbability;
    scheduler.schedule(
        roundTrip,
        () -> {
          if (lost) {
            answer.completeExceptionally(new java.io.IOException("simulated loss"));
          } else {
            blocksServed.addAndGet(blocks.size());
            answer.complete(blocks);
          }
        });
    return answer;
  }

  public long requests() {
    return requests.get();
  }

  /**
   * CPU time spent serving (finding and reading blocks), which runs on the caller's thread in a
   * simulation but belongs to the remote peer: benchmarks subtract it from the joiner's CPU time.
   */
  public long serverCpuNanos() {
    return serverCpuNanos.get();
  }

  public long blocksServed() {
    return blocksServed.get();
  }
}
