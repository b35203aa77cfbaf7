package org.pinring.libp2p.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.concurrent.Executor;
import org.pinring.multiformats.Multiaddr;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link RawConnection} over a Netty channel: the only Netty handler in the stack. */
final class NettyRawConnection extends ChannelInboundHandlerAdapter implements RawConnection {

  private static final Logger log = LoggerFactory.getLogger(NettyRawConnection.class);

  private final Channel channel;
  private RawHandler handler;
  private boolean closedNotified;
  private Multiaddr local;
  private Multiaddr remote;

  NettyRawConnection(Channel channel) {
    this.channel = channel;
  }

  @Override
  public Executor executor() {
    return channel.eventLoop();
  }

  @Override
  public ByteBufAllocator alloc() {
    return channel.alloc();
  }

  @Override
  public void setHandler(RawHandler handler) {
    assert channel.eventLoop().inEventLoop();
    this.handler = handler;
    if (!channel.isActive()) {
      notifyClosed();
      return;
    }
    channel.config().setAutoRead(true);
  }

  @Override
  public void write(ByteBuf bytes) {
    var unused = channel.write(bytes, channel.voidPromise());
  }

  @Override
  public void flush() {
    channel.flush();
  }

  @Override
  public boolean isWritable() {
    return channel.isWritable();
  }

  @Override
  public void setReadPaused(boolean paused) {
    channel.config().setAutoRead(!paused);
  }

  @Override
  public void close() {
    var unused = channel.close();
  }

  /** Remembered once known: a closed channel no longer reports its addresses. */
  @Override
  public Multiaddr localAddress() {
    if (local == null && channel.localAddress() != null) {
      local = Addresses.toMultiaddr(channel.localAddress());
    }
    return local;
  }

  @Override
  public Multiaddr remoteAddress() {
    if (remote == null && channel.remoteAddress() != null) {
      remote = Addresses.toMultiaddr(channel.remoteAddress());
    }
    return remote;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    localAddress();
    remoteAddress();
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (handler == null || !(msg instanceof ByteBuf bytes)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    handler.onRead(bytes);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (handler != null) {
      handler.onWritabilityChanged();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    notifyClosed();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof IOException) {
      log.debug("connection {} failed: {}", channel, cause.toString());
    } else {
      log.warn("connection {} failed", channel, cause);
    }
    var unused = channel.close();
  }

  private void notifyClosed() {
    if (!closedNotified && handler != null) {
      closedNotified = true;
      handler.onClosed();
    }
  }
}
