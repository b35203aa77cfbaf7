package org.pinring.libp2p.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class if Netty's leak detector (paranoid in every test JVM, see the parent pom)
 * reported a leaked buffer while it ran. Registered for every test class by JUnit's extension
 * auto-detection ({@code META-INF/services}).
 *
 * <p>Netty reports a leak only once the garbage collector has found the lost buffer and a later
 * allocation polls the detector, so after each class this forces a few collections and allocations
 * before reading the reports.
 */
public final class NettyLeakCheck implements AfterAllCallback {

  private static final int FLUSH_ROUNDS = 3;

  @Override
  public void afterAll(ExtensionContext context) {
    for (int round = 0; round < FLUSH_ROUNDS; round++) {
      System.gc();
      // Reference processing runs on its own thread after a collection; give it a moment.
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      for (int i = 0; i < 16; i++) {
        ByteBuf pooled = PooledByteBufAllocator.DEFAULT.directBuffer(16);
        pooled.release();
        ByteBuf unpooled = UnpooledByteBufAllocator.DEFAULT.heapBuffer(16);
        unpooled.release();
      }
    }
    List<String> leaks = LeakReportCounter.drain();
    if (!leaks.isEmpty()) {
      throw new AssertionError(
          leaks.size()
              + " Netty buffer leak report(s) during "
              + context.getDisplayName()
              + ":\n"
              + String.join("\n\n", leaks));
    }
  }
}
