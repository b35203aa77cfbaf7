package org.pinring.crdt;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/** {@link CrdtMetrics} kept in memory: for tests, benchmarks and the debugging CLI. */
public final class InMemoryCrdtMetrics implements CrdtMetrics {

  private final Map<Counter, AtomicLong> counters = new EnumMap<>(Counter.class);
  private final Map<Gauge, AtomicLong> gauges = new EnumMap<>(Gauge.class);

  public InMemoryCrdtMetrics() {
    for (Counter counter : Counter.values()) {
      counters.put(counter, new AtomicLong());
    }
    for (Gauge gauge : Gauge.values()) {
      gauges.put(gauge, new AtomicLong());
    }
  }

  @Override
  public void increment(Counter counter, long amount) {
    counters.get(counter).addAndGet(amount);
  }

  @Override
  public void set(Gauge gauge, long value) {
    gauges.get(gauge).set(value);
  }

  public long get(Counter counter) {
    return counters.get(counter).get();
  }

  public long get(Gauge gauge) {
    return gauges.get(gauge).get();
  }

  /** Every counter and gauge by lower-case name. */
  public Map<String, Long> snapshot() {
    Map<String, Long> values = new TreeMap<>();
    counters.forEach(
        (counter, value) -> values.put(counter.name().toLowerCase(Locale.ROOT), value.get()));
    gauges.forEach(
        (gauge, value) -> values.put(gauge.name().toLowerCase(Locale.ROOT), value.get()));
    return values;
  }
}
