package org.pinring.libp2p.pubsub;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;
import org.pinring.libp2p.Connection;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our outbound pubsub stream to one peer (pubsub spec: each side writes on the stream it opened).
 * RPCs queue here until the stream is negotiated; queued bytes are bounded, and RPCs beyond the
 * bound are dropped (gossip recovers them), so a slow peer cannot make us buffer without limit.
 * Used on the router's scheduler, except write completions, which only adjust the atomic counter.
 */
final class PeerLink {

  private static final Logger log = LoggerFactory.getLogger(PeerLink.class);

  final PeerId peer;
  final Connection connection;
  private final long maxQueuedBytes;
  private final AtomicLong queuedBytes = new AtomicLong();
  private final Deque<byte[]> beforeOpen = new ArrayDeque<>();
  private Stream stream;
  private boolean closed;
  private long dropped;

  PeerLink(PeerId peer, Connection connection, long maxQueuedBytes) {
    this.peer = peer;
    this.connection = connection;
    this.maxQueuedBytes = maxQueuedBytes;
  }

  /** The stream is negotiated: flush what was queued. */
  void opened(Stream negotiated) {
    this.stream = negotiated;
    while (!beforeOpen.isEmpty()) {
      byte[] frame = beforeOpen.pollFirst();
      queuedBytes.addAndGet(-frame.length);
      write(frame);
    }
  }

  boolean isOpen() {
    return stream != null && !closed;
  }

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
    if (stream == null) {
      beforeOpen.addLast(frame);
      return;
    }
    var unused =
        stream
            .write(frame)
            .whenComplete(
                (ok, error) -> {
                  queuedBytes.addAndGet(-frame.length);
                  if (error != null) {
                    log.debug("write to {} failed: {}", peer, error.toString());
                  }
                });
  }

  void close() {
    closed = true;
    beforeOpen.clear();
    if (stream != null) {
      stream.closeWrite();
    }
  }
}
