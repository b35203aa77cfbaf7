package org.pinring.bench.crdt;

import java.util.HashMap;
import java.util.Map;

/**
 * A crude in-process profiler for diagnosing benchmarks (enable with {@code
 * -Dpinring.bench.sample=true}): samples one thread's stack every millisecond and prints the
 * methods most often on it. Unlike JFR's sampler it also counts time spent in JNI (LevelDB).
 */
final class StackSampler implements AutoCloseable {

  private final Thread target;
  private final Thread sampler;
  private final Map<String, Integer> inclusive = new HashMap<>();
  private final Map<String, Integer> top = new HashMap<>();
  private volatile boolean running = true;
  private int samples;

  StackSampler(Thread target) {
    this.target = target;
    this.sampler = new Thread(this::loop, "stack-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  private void loop() {
    while (running) {
      StackTraceElement[] stack = target.getStackTrace();
      if (stack.length > 0) {
        synchronized (this) {
          samples++;
          top.merge(stack[0].getClassName() + "." + stack[0].getMethodName(), 1, Integer::sum);
          java.util.Set<String> seen = new java.util.HashSet<>();
          for (StackTraceElement frame : stack) {
            String name = frame.getClassName() + "." + frame.getMethodName();
            if (seen.add(name)) {
              inclusive.merge(name, 1, Integer::sum);
            }
          }
        }
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public synchronized void close() {
    running = false;
    System.out.println("== " + samples + " samples; top frames:");
    print(top, 25);
    System.out.println("== inclusive (pinring and leveldb):");
    Map<String, Integer> ours = new HashMap<>();
    inclusive.forEach(
        (k, v) -> {
          if (k.contains("pinring") || k.contains("leveldb") || k.contains("multiformats")) {
            ours.put(k, v);
          }
        });
    print(ours, 50);
  }

  private static void print(Map<String, Integer> counts, int limit) {
    counts.entrySet().stream()
        .sorted((a, b) -> b.getValue() - a.getValue())
        .limit(limit)
        .forEach(e -> System.out.println(e.getValue() + " " + e.getKey()));
  }
}
