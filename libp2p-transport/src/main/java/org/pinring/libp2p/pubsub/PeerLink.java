package org.pinring.libp2p.pubsub;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.pinring.libp2p.Connection;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our outbound pubsub stream to one peer (pubsub spec: each side writes on the stream it opened).
 *
 * <p>RPCs queue here until the stream is negotiated. Queued bytes are bounded, and RPCs beyond the
 * bound are dropped (gossip recovers them), so a slow peer cannot make us buffer without limit.
 * RPCs written while the router works through a batch of input are coalesced into one stream write
 * (one yamux frame, one Noise frame, one system call) when the router's scheduler next runs the
 * flush, which matters when one inbound message is forwarded to many peers many times a second.
 *
 * <p>Used on the router's scheduler, except write completions, which only adjust the atomic
 * counter.
 */
final class PeerLink {

  private static final Logger log = LoggerFactory.getLogger(PeerLink.class);

  /** Coalesced writes stay below one yamux frame's worth so a flush is not split needlessly. */
  private static final int MAX_COALESCED_BYTES = 60 * 1024;

  final PeerId peer;
  final Connection connection;
  private final long maxQueuedBytes;
  private final Executor scheduler;
  private final AtomicLong queuedBytes = new AtomicLong();
  private final List<byte[]> unflushed = new ArrayList<>();
  private Stream stream;
  private boolean flushScheduled;
  private boolean closed;
  private long dropped;

  PeerLink(PeerId peer, Connection connection, long maxQueuedBytes, Executor scheduler) {
    this.peer = peer;
    this.connection = connection;
    this.maxQueuedBytes = maxQueuedBytes;
    this.scheduler = scheduler;
  }

  /** The stream is negotiated: flush what was queued. */
  void opened(Stream negotiated) {
    this.stream = negotiated;
    flush();
  }

  /** Queues one framed RPC; it is written at the next flush. */
  void write(byte[] frame) {
    if (closed) {
      return;
    }
    if (queuedBytes.get() + frame.length > maxQueuedBytes) {
      dropped++;
      if (dropped == 1 || dropped % 1000 == 0) {
        log.debug("queue to {} full; {} RPCs dropped so far", peer, dropped);
      }
      return;
    }
    queuedBytes.addAndGet(frame.length);
    unflushed.add(frame);
    if (stream != null && !flushScheduled) {
      flushScheduled = true;
      scheduler.execute(this::flush);
    }
  }

  private void flush() {
    flushScheduled = false;
    if (closed || stream == null) {
      return;
    }
    int i = 0;
    while (i < unflushed.size()) {
      int start = i;
      int bytes = 0;
      while (i < unflushed.size()
          && (i == start || bytes + unflushed.get(i).length <= MAX_COALESCED_BYTES)) {
        bytes += unflushed.get(i).length;
        i++;
      }
      byte[] chunk = new byte[bytes];
      int offset = 0;
      for (int k = start; k < i; k++) {
        byte[] frame = unflushed.get(k);
        System.arraycopy(frame, 0, chunk, offset, frame.length);
        offset += frame.length;
      }
      int length = bytes;
      var unused =
          stream
              .write(chunk)
              .whenComplete(
                  (ok, error) -> {
                    queuedBytes.addAndGet(-length);
                    if (error != null) {
                      log.debug("write to {} failed: {}", peer, error.toString());
                    }
                  });
    }
    unflushed.clear();
  }

  void close() {
    closed = true;
    unflushed.clear();
    if (stream != null) {
      stream.closeWrite();
    }
  }
}
