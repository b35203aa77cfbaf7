package org.pinring.libp2p.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Proves that a leaked buffer is reported, so {@link NettyLeakCheck} can fail a test class. */
class NettyLeakCheckTest {

  @Test
  void aLeakedBufferIsReported() {
    leakOneBuffer();
    List<String> reports = List.of();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (reports.isEmpty() && System.nanoTime() < deadline) {
      System.gc();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      PooledByteBufAllocator.DEFAULT.directBuffer(16).release();
      reports = LeakReportCounter.drain();
    }
    // Drained here, so this class itself passes the after-class check.
    assertThat(reports).isNotEmpty();
    assertThat(reports.get(0)).contains("LEAK");
  }

  private static void leakOneBuffer() {
    ByteBuf leaked = PooledByteBufAllocator.DEFAULT.directBuffer(64);
    leaked.writeInt(42);
  }
}
