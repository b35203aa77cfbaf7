package org.pinring.cli;

import java.io.Writer;
import java.time.Duration;
import java.util.function.Predicate;

/** Standard output of a command running on another thread, which tests can wait on. */
final class WatchedOutput extends Writer {
  private final StringBuilder text = new StringBuilder();

  @Override
  public synchronized void write(char[] chars, int offset, int length) {
    text.append(chars, offset, length);
    notifyAll();
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}

  /**
   * Waits until the text printed so far satisfies {@code condition}.
   *
   * @return the text printed so far
   * @throws AssertionError if {@code producer} ends or {@code deadline} passes first
   */
  synchronized String await(Predicate<String> condition, Thread producer, Duration deadline)
      throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.test(text.toString())) {
      long left = end - System.nanoTime();
      if (left <= 0 || !producer.isAlive()) {
        throw new AssertionError("gave up waiting; the command printed:\n" + text);
      }
      wait(Math.max(1, Math.min(left / 1_000_000, 100)));
    }
    return text.toString();
  }

  @Override
  public synchronized String toString() {
    return text.toString();
  }
}
