package org.pinring.libp2p.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.pinring.multiformats.Multiaddr;
import org.pinring.multiformats.MultiaddrProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TCP on Netty: epoll where the native library loads (Linux), NIO elsewhere. Listens on and dials
 * {@code /ip4}, {@code /ip6}, {@code /dns}, {@code /dns4} and {@code /dns6} addresses with {@code
 * /tcp}; names are resolved off the event loops (the JDK resolver blocks).
 */
public final class TcpTransport implements Transport {

  private static final Logger log = LoggerFactory.getLogger(TcpTransport.class);

  /** Outbound bytes queued before a connection reports itself unwritable. */
  static final int HIGH_WATER_MARK = 1024 * 1024;

  /** Queued bytes below which it is writable again. */
  static final int LOW_WATER_MARK = 256 * 1024;

  private final EventLoopGroup group;
  private final Class<? extends ServerChannel> serverChannel;
  private final Class<? extends SocketChannel> channel;
  private final ExecutorService resolver;
  private final List<Channel> listeners = new ArrayList<>();

  private TcpTransport(int threads) {
    DefaultThreadFactory threadFactory = new DefaultThreadFactory("pinring-tcp", true);
    if (Epoll.isAvailable()) {
      group = new EpollEventLoopGroup(threads, threadFactory);
      serverChannel = EpollServerSocketChannel.class;
      channel = EpollSocketChannel.class;
    } else {
      group = new NioEventLoopGroup(threads, threadFactory);
      serverChannel = NioServerSocketChannel.class;
      channel = NioSocketChannel.class;
    }
    resolver = Executors.newCachedThreadPool(new DefaultThreadFactory("pinring-dns", true));
  }

  /** A transport with one event loop per available processor. */
  public static TcpTransport create() {
    return create(Runtime.getRuntime().availableProcessors());
  }

  /** A transport with {@code threads} event loops. */
  public static TcpTransport create(int threads) {
    return new TcpTransport(threads);
  }

  /** {@code epoll} or {@code nio}. */
  public String ioName() {
    return channel == EpollSocketChannel.class ? "epoll" : "nio";
  }

  @Override
  public boolean handles(Multiaddr address) {
    List<Multiaddr.Component> parts = address.withoutPeerId().components();
    if (parts.size() != 2 || parts.get(1).protocol() != MultiaddrProtocol.TCP) {
      return false;
    }
    MultiaddrProtocol host = parts.get(0).protocol();
    return host == MultiaddrProtocol.IP4
        || host == MultiaddrProtocol.IP6
        || host == MultiaddrProtocol.DNS
        || host == MultiaddrProtocol.DNS4
        || host == MultiaddrProtocol.DNS6;
  }

  @Override
  public CompletableFuture<TransportListener> listen(
      Multiaddr address, Consumer<RawConnection> onConnection) {
    return resolve(address)
        .thenCompose(
            socketAddress -> {
              CompletableFuture<TransportListener> result = new CompletableFuture<>();
              ServerBootstrap bootstrap =
                  new ServerBootstrap()
                      .group(group)
                      .channel(serverChannel)
                      .childOption(ChannelOption.TCP_NODELAY, true)
                      .childOption(ChannelOption.AUTO_READ, false)
                      .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                      .childOption(ChannelOption.RCVBUF_ALLOCATOR, receiveBuffers())
                      .childOption(
                          ChannelOption.WRITE_BUFFER_WATER_MARK,
                          new WriteBufferWaterMark(LOW_WATER_MARK, HIGH_WATER_MARK))
                      .childHandler(
                          new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                              NettyRawConnection connection = new NettyRawConnection(ch);
                              ch.pipeline().addLast(connection);
                              ch.eventLoop().execute(() -> onConnection.accept(connection));
                            }
                          });
              ChannelFuture bound = bootstrap.bind(socketAddress);
              bound.addListener(
                  f -> {
                    if (!f.isSuccess()) {
                      result.completeExceptionally(
                          new TransportException("cannot listen on " + address, f.cause()));
                      return;
                    }
                    Channel server = bound.channel();
                    synchronized (listeners) {
                      listeners.add(server);
                    }
                    Multiaddr actual = Addresses.toMultiaddr(server.localAddress());
                    log.debug("listening on {}", actual);
                    result.complete(
                        new TransportListener() {
                          @Override
                          public Multiaddr address() {
                            return actual;
                          }

                          @Override
                          public void close() {
                            var unused = server.close();
                          }
                        });
                  });
              return result;
            });
  }

  @Override
  public CompletableFuture<RawConnection> dial(Multiaddr address, Duration timeout) {
    return resolve(address)
        .thenCompose(
            socketAddress -> {
              CompletableFuture<RawConnection> result = new CompletableFuture<>();
              Bootstrap bootstrap =
                  new Bootstrap()
                      .group(group)
                      .channel(channel)
                      .option(ChannelOption.TCP_NODELAY, true)
                      .option(ChannelOption.AUTO_READ, false)
                      .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                      .option(ChannelOption.RCVBUF_ALLOCATOR, receiveBuffers())
                      .option(
                          ChannelOption.CONNECT_TIMEOUT_MILLIS,
                          (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())))
                      .option(
                          ChannelOption.WRITE_BUFFER_WATER_MARK,
                          new WriteBufferWaterMark(LOW_WATER_MARK, HIGH_WATER_MARK))
                      .handler(
                          new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                              ch.pipeline().addLast(new NettyRawConnection(ch));
                            }
                          });
              ChannelFuture connected = bootstrap.connect(socketAddress);
              connected.addListener(
                  f -> {
                    NettyRawConnection raw =
                        f.isSuccess()
                            ? connected.channel().pipeline().get(NettyRawConnection.class)
                            : null;
                    if (raw != null) {
                      result.complete(raw);
                    } else if (f.isSuccess()) {
                      // The peer accepted and closed at once (e.g. its connection limit), and the
                      // closed channel's pipeline no longer holds the handler.
                      result.completeExceptionally(
                          new TransportException(
                              "connection to " + address + " closed by the peer as it opened",
                              new java.nio.channels.ClosedChannelException()));
                    } else {
                      result.completeExceptionally(
                          new TransportException(
                              "cannot connect to " + address + ": " + f.cause().getMessage(),
                              f.cause()));
                    }
                  });
              return result;
            });
  }

  /**
   * Reads of up to 1 MiB when the peer sends fast, so most 64 KiB Noise frames arrive within one
   * buffer and need no reassembly copy.
   */
  private static AdaptiveRecvByteBufAllocator receiveBuffers() {
    return new AdaptiveRecvByteBufAllocator(512, 64 * 1024, 1024 * 1024);
  }

  private CompletableFuture<InetSocketAddress> resolve(Multiaddr address) {
    if (!handles(address)) {
      return CompletableFuture.failedFuture(
          new TransportException("not a TCP address: " + address, null));
    }
    Multiaddr.Component host = Addresses.host(address);
    int port = Addresses.tcpPort(address);
    String name = host.valueText().orElseThrow();
    MultiaddrProtocol protocol = host.protocol();
    if (protocol == MultiaddrProtocol.IP4 || protocol == MultiaddrProtocol.IP6) {
      try {
        // A literal: no lookup happens.
        return CompletableFuture.completedFuture(
            new InetSocketAddress(InetAddress.getByName(name), port));
      } catch (UnknownHostException e) {
        return CompletableFuture.failedFuture(new TransportException("bad address " + name, e));
      }
    }
    return CompletableFuture.supplyAsync(() -> lookup(protocol, name, port), resolver);
  }

  private static InetSocketAddress lookup(MultiaddrProtocol protocol, String name, int port) {
    try {
      for (InetAddress candidate : InetAddress.getAllByName(name)) {
        boolean wanted =
            protocol == MultiaddrProtocol.DNS
                || (protocol == MultiaddrProtocol.DNS4 && candidate instanceof Inet4Address)
                || (protocol == MultiaddrProtocol.DNS6 && candidate instanceof Inet6Address);
        if (wanted) {
          return new InetSocketAddress(candidate, port);
        }
      }
      throw new TransportException(
          "/" + protocol.protocolName() + "/" + name + " has no matching address", null);
    } catch (UnknownHostException e) {
      throw new TransportException("cannot resolve " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    synchronized (listeners) {
      for (Channel listener : listeners) {
        var unused = listener.close();
      }
      listeners.clear();
    }
    resolver.shutdownNow();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
