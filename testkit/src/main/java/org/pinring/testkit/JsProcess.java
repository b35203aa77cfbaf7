package org.pinring.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A long-running script of the js harness (e.g. a js-libp2p peer) that talks in lines: commands to
 * its standard input, one JSON object per line on its standard output. Thread-safe.
 *
 * <p>Lines are kept until a test takes them with {@link #awaitLine}, so a test never misses an
 * event that arrived before it started waiting. The last part of standard error is kept for failure
 * messages. {@link #close()} kills the process (and its children).
 */
public final class JsProcess implements AutoCloseable {

  private static final int MAX_STDERR_CHARS = 64 * 1024;
  private static final int MAX_PENDING_LINES = 100_000;

  private final String name;
  private final Process process;
  private final OutputStream stdin;
  private final List<String> pending = new ArrayList<>();
  private final StringBuilder stderr = new StringBuilder();
  private boolean stdoutClosed;

  JsProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    this.stdin = process.getOutputStream();
    Thread out = new Thread(() -> readStdout(process.getInputStream()), name + "-stdout");
    out.setDaemon(true);
    out.start();
    Thread err = new Thread(() -> readStderr(process.getErrorStream()), name + "-stderr");
    err.setDaemon(true);
    err.start();
  }

  /** Writes one line to the process's standard input. */
  public synchronized void send(String line) {
    try {
      stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(name + " does not accept input: " + diagnostics(), e);
    }
  }

  /**
   * Takes the first unread line that {@code matcher} accepts, waiting up to {@code timeout}.
   *
   * @throws AssertionError if no such line arrives in time or the process ends first
   */
  public synchronized String awaitLine(Predicate<String> matcher, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (Iterator<String> it = pending.iterator(); it.hasNext(); ) {
        String line = it.next();
        if (matcher.test(line)) {
          it.remove();
          return line;
        }
      }
      long left = deadline - System.nanoTime();
      if (stdoutClosed) {
        throw new AssertionError(name + " exited before the expected line; " + diagnostics());
      }
      if (left <= 0) {
        throw new AssertionError(
            name
                + ": no expected line within "
                + timeout
                + "; unread "
                + pending
                + "; "
                + diagnostics());
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + name, e);
      }
    }
  }

  /** True while the process runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Standard error so far (its last part) and the exit status, for failure messages. */
  public synchronized String diagnostics() {
    String status = process.isAlive() ? "running" : "exited with " + process.exitValue();
    return name + " " + status + ", stderr:\n" + stderr;
  }

  /** Kills the process and its children, waiting briefly for them to go. */
  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void readStdout(InputStream in) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        synchronized (this) {
          if (pending.size() < MAX_PENDING_LINES) {
            pending.add(line);
          }
          notifyAll();
        }
      }
    } catch (IOException e) {
      // The process ended; waiting callers see stdoutClosed.
    } finally {
      synchronized (this) {
        stdoutClosed = true;
        notifyAll();
      }
    }
  }

  private void readStderr(InputStream in) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        synchronized (this) {
          stderr.append(line).append('\n');
          if (stderr.length() > MAX_STDERR_CHARS) {
            stderr.delete(0, stderr.length() - MAX_STDERR_CHARS);
          }
        }
      }
    } catch (IOException e) {
      // The process ended.
    }
  }
}
