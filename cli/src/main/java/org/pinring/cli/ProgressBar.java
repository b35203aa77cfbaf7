package org.pinring.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.pinring.node.repo.ByteSize;
import org.pinring.runtime.Clock;

/**
 * A one-line progress bar on stderr: {@code [#####.....] 45% 460 MiB / 1 GiB 212 MiB/s ETA 0:03}.
 * Redrawn at most every 200 ms, in place with a carriage return. Not thread-safe.
 */
final class ProgressBar {

  private static final long REDRAW_NANOS = 200_000_000L;
  private static final int WIDTH = 24;

  private final PrintWriter err;
  private final Clock clock;
  private final long total;
  private final long started;
  private long done;
  private long lastDrawn = Long.MIN_VALUE;

  ProgressBar(PrintWriter err, Clock clock, long totalBytes) {
    this.err = err;
    this.clock = clock;
    this.total = Math.max(1, totalBytes);
    this.started = clock.monotonicNanos();
  }

  void advance(long bytes) {
    done += bytes;
    long now = clock.monotonicNanos();
    if (now - lastDrawn >= REDRAW_NANOS) {
      lastDrawn = now;
      draw(now);
    }
  }

  /** Draws the final state and ends the line. */
  void finish() {
    draw(clock.monotonicNanos());
    err.println();
    err.flush();
  }

  private void draw(long now) {
    err.print("\r" + line(done, total, now - started));
    err.flush();
  }

  /** The bar for {@code done} of {@code total} bytes after {@code elapsedNanos}. */
  static String line(long done, long total, long elapsedNanos) {
    double fraction = Math.min(1.0, (double) done / total);
    int filled = (int) Math.round(fraction * WIDTH);
    double seconds = elapsedNanos / 1e9;
    double rate = seconds > 0 ? done / seconds : 0;
    String eta =
        rate > 0 ? duration((long) Math.ceil((total - Math.min(done, total)) / rate)) : "--:--";
    return String.format(
        Locale.ROOT,
        "[%s%s] %3d%%  %s / %s  %s/s  ETA %s   ",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        Math.round(fraction * 100),
        ByteSize.format(done),
        ByteSize.format(total),
        ByteSize.format((long) rate),
        eta);
  }

  private static String duration(long seconds) {
    return seconds >= 3600
        ? String.format(
            Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
        : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
  }
}
