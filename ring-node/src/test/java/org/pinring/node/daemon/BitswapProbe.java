package org.pinring.node.daemon;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.pinring.libp2p.Host;
import org.pinring.libp2p.HostConfig;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.Stream;
import org.pinring.libp2p.StreamReader;
import org.pinring.libp2p.crypto.Ed25519PrivateKey;
import org.pinring.libp2p.transport.TcpTransport;
import org.pinring.multiformats.Multiaddr;
import org.pinring.node.bitswap.BitswapCodec;
import org.pinring.node.bitswap.BitswapMessage;
import org.pinring.node.bitswap.BitswapProtocol;
import org.pinring.runtime.Environment;
import org.pinring.runtime.ExecutorScheduler;
import org.pinring.runtime.SecureRandomSource;
import org.pinring.runtime.SystemClock;

/**
 * A bare libp2p host that speaks Bitswap 1.2.0 by hand: it writes the messages a test gives it and
 * records every message a peer sends it. No Bitswap logic of its own, so a test sees exactly what
 * the daemon answers.
 */
final class BitswapProbe implements AutoCloseable {

  private final ExecutorScheduler scheduler = ExecutorScheduler.singleThreaded("bitswap-probe");
  private final Host host;
  private final List<BitswapMessage> received = new CopyOnWriteArrayList<>();
  private final BlockingQueue<BitswapMessage> arrivals = new LinkedBlockingQueue<>();

  BitswapProbe() {
    SecureRandomSource random = new SecureRandomSource();
    host =
        Host.create(
            Ed25519PrivateKey.generate(random),
            HostConfig.defaults(),
            new Environment(SystemClock.get(), scheduler, random),
            List.of(TcpTransport.create()));
    host.setStreamHandler(BitswapProtocol.V120.id(), this::inbound);
  }

  PeerId connect(Multiaddr address) {
    return host.connect(address).orTimeout(30, TimeUnit.SECONDS).join().remotePeer();
  }

  /** Writes {@code message} on a new 1.2.0 stream to {@code peer} and closes the stream. */
  void send(PeerId peer, BitswapMessage message) {
    Stream stream =
        host.newStream(peer, List.of(BitswapProtocol.V120.id()))
            .orTimeout(30, TimeUnit.SECONDS)
            .join();
    stream.write(BitswapCodec.encodeFrame(message, BitswapProtocol.V120)).join();
    stream.closeWrite();
  }

  /** Waits up to {@code limit} for a received message that matches (earlier ones count too). */
  BitswapMessage await(Predicate<BitswapMessage> matching, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    for (BitswapMessage message : received) {
      if (matching.test(message)) {
        return message;
      }
    }
    while (true) {
      BitswapMessage next = arrivals.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (next == null) {
        throw new AssertionError(
            "no matching Bitswap message within " + limit + "; got " + received);
      }
      if (matching.test(next)) {
        return next;
      }
    }
  }

  List<BitswapMessage> received() {
    return List.copyOf(received);
  }

  private void inbound(Stream stream) {
    ByteArrayOutputStream pending = new ByteArrayOutputStream();
    stream.setReader(
        new StreamReader() {
          @Override
          public void onData(Stream s, ByteBuffer data) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            pending.writeBytes(bytes);
            byte[] buffer = pending.toByteArray();
            int consumed = decodeFrames(buffer);
            pending.reset();
            pending.write(buffer, consumed, buffer.length - consumed);
          }

          @Override
          public void onEnd(Stream s) {
            s.closeWrite();
          }
        });
  }

  /** Decodes the complete frames at the start of {@code buffer}; returns the bytes they took. */
  private int decodeFrames(byte[] buffer) {
    int position = 0;
    while (true) {
      long length = 0;
      int shift = 0;
      int at = position;
      while (true) {
        if (at == buffer.length) {
          return position;
        }
        int b = buffer[at++] & 0xFF;
        length |= (long) (b & 0x7F) << shift;
        shift += 7;
        if ((b & 0x80) == 0) {
          break;
        }
      }
      if (buffer.length - at < length) {
        return position;
      }
      BitswapMessage message =
          BitswapCodec.decode(Arrays.copyOfRange(buffer, at, at + (int) length));
      received.add(message);
      arrivals.add(message);
      position = at + (int) length;
    }
  }

  @Override
  public void close() {
    host.close();
    scheduler.close();
  }
}
