package org.pinring.libp2p.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;

/** A Logback appender that remembers Netty's {@code LEAK:} reports for {@link NettyLeakCheck}. */
public final class LeakReportCounter extends AppenderBase<ILoggingEvent> {

  private static final List<String> reports = new ArrayList<>();

  @Override
  protected void append(ILoggingEvent event) {
    String message = event.getFormattedMessage();
    if (message != null && message.contains("LEAK")) {
      synchronized (reports) {
        reports.add(message);
      }
    }
  }

  /** The reports collected since the last call, which clears them. */
  static List<String> drain() {
    synchronized (reports) {
      List<String> copy = new ArrayList<>(reports);
      reports.clear();
      return copy;
    }
  }
}
