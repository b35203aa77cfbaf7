package org.pinring.libp2p.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pinring.libp2p.Connection;
import org.pinring.libp2p.Host;
import org.pinring.libp2p.HostConfig;
import org.pinring.libp2p.HostListener;
import org.pinring.libp2p.crypto.Ed25519PrivateKey;
import org.pinring.libp2p.testing.ShapedTransport;
import org.pinring.libp2p.transport.MemoryTransport;
import org.pinring.libp2p.transport.RawConnection;
import org.pinring.multiformats.Multiaddr;
import org.pinring.runtime.Environment;
import org.pinring.runtime.SeededRandom;
import org.pinring.runtime.SimulatedTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection that closes while the host is admitting it (the dial-closed-at-accept race), forced
 * deterministically: two hosts on the in-memory transport share one {@link SimulatedTime}, so every
 * network delivery, handshake step and timer is one task run in a fixed order, and the test closes
 * the connection between any two of them. Whatever the point, the accepting host must end with no
 * pending handshake slot, no registered connection and matching connected/disconnected events, long
 * before its handshake timeout could clean up; and since it allows one pending handshake and one
 * connection only, a leaked slot or registration would refuse the next dial, which must succeed.
 * Buffers left unreleased fail the class through the paranoid leak check.
 */
class ClosedDuringAdmissionTest {

  private static final Logger log = LoggerFactory.getLogger(ClosedDuringAdmissionTest.class);

  /** Far more task runs than a handshake and registration take; the sweep stops before. */
  private static final int MAX_STEPS = 5_000;

  /** Much less than the handshake timeout (10 s): settling must not wait for it. */
  private static final Duration SETTLE_WITHIN = Duration.ofSeconds(1);

  private static final HostConfig ONE_AT_A_TIME =
      HostConfig.defaults().withMaxPendingInbound(1).withMaxConnections(1);

  /** Which end of the raw connection closes. */
  enum Side {
    DIALLER,
    ACCEPTOR
  }

  @ParameterizedTest
  @EnumSource(Side.class)
  void aConnectionClosedAfterAnyStepOfItsAdmissionReleasesEverything(Side side) {
    int closedWhilePending = 0;
    int step = 1;
    for (; step < MAX_STEPS; step++) {
      World world = new World(false);
      CompletableFuture<Connection> dial = world.client.connect(world.serverAddress);
      boolean established = false;
      for (int i = 0; i < step && !established; i++) {
        world.time.runNext();
        established = dial.isDone() && world.server.connections().size() == 1;
      }
      List<RawConnection> raws =
          side == Side.DIALLER
              ? world.clientTransport.dialledConnections()
              : world.serverTransport.acceptedConnections();
      if (raws.isEmpty()) {
        world.shutDown();
        continue;
      }
      if (world.server.pendingInboundCount() == 1) {
        closedWhilePending++;
      }

      raws.get(0).close();

      assertThat(world.time.runUntil(() -> world.settled(dial), SETTLE_WITHIN))
          .as("settled after a close at step %d", step)
          .isTrue();
      assertThat(world.connected.get()).isEqualTo(world.disconnected.get());
      world.assertANewDialIsAdmitted();
      world.shutDown();
      if (established) {
        break;
      }
    }
    log.info(
        "{} side closed after each of {} steps, {} of them during a pending handshake",
        side,
        step,
        closedWhilePending);
    assertThat(step).as("the handshake finished within the sweep").isLessThan(MAX_STEPS);
    assertThat(closedWhilePending).as("closes that hit a pending handshake").isPositive();
  }

  @Test
  void aConnectionClosedBeforeTheHostSeesItReleasesItsSlot() {
    World world = new World(true);
    CompletableFuture<Connection> dial = world.client.connect(world.serverAddress);

    assertThat(world.time.runUntil(() -> world.settled(dial), SETTLE_WITHIN)).isTrue();

    assertThat(dial).isCompletedExceptionally();
    assertThat(world.serverTransport.acceptedConnections()).hasSize(1);
    assertThat(world.connected.get()).isZero();
    world.shutDown();
  }

  /** Two hosts on one in-memory network, all in one simulated time. */
  private static final class World {
    final SimulatedTime time = new SimulatedTime();
    final MemoryTransport.Network network = new MemoryTransport.Network(time);
    final ShapedTransport serverTransport;
    final ShapedTransport clientTransport = new ShapedTransport(new MemoryTransport(network));
    final Host server;
    final Host client;
    final Multiaddr serverAddress;
    final AtomicInteger connected = new AtomicInteger();
    final AtomicInteger disconnected = new AtomicInteger();

    /**
     * @param closeAcceptedFirst whether the server's transport closes each accepted connection just
     *     before handing it to the host
     */
    World(boolean closeAcceptedFirst) {
      ShapedTransport shaped = new ShapedTransport(new MemoryTransport(network));
      serverTransport = closeAcceptedFirst ? shaped.closeAcceptedBeforeHandingOver() : shaped;
      server = host(1, ONE_AT_A_TIME, serverTransport);
      client = host(2, HostConfig.defaults(), clientTransport);
      server.addListener(
          new HostListener() {
            @Override
            public void onConnected(Connection connection) {
              connected.incrementAndGet();
            }

            @Override
            public void onDisconnected(Connection connection) {
              disconnected.incrementAndGet();
            }
          });
      CompletableFuture<List<Multiaddr>> listening =
          server.listen(List.of(Multiaddr.parse("/memory/0")));
      time.runUntil(listening::isDone, Duration.ofSeconds(1));
      serverAddress = listening.join().get(0).withPeerId(server.peerId().multihash());
    }

    private Host host(int seed, HostConfig config, ShapedTransport transport) {
      byte[] key = new byte[32];
      key[0] = (byte) seed;
      return Host.create(
          Ed25519PrivateKey.fromSeed(key),
          config,
          new Environment(time, time, SeededRandom.fromSeed(seed)),
          List.of(transport));
    }

    boolean settled(CompletableFuture<Connection> dial) {
      return dial.isDone()
          && server.pendingInboundCount() == 0
          && server.connections().isEmpty()
          && client.connections().isEmpty();
    }

    void assertANewDialIsAdmitted() {
      CompletableFuture<Connection> again = client.connect(serverAddress);
      assertThat(
              time.runUntil(
                  () -> again.isDone() && server.connections().size() == 1, Duration.ofSeconds(5)))
          .isTrue();
      assertThat(again).isCompletedWithValueMatching(Connection::isOpen);
      assertThat(server.pendingInboundCount()).isZero();
    }

    void shutDown() {
      CompletableFuture<Void> serverDown = server.shutdown();
      CompletableFuture<Void> clientDown = client.shutdown();
      time.runUntil(() -> serverDown.isDone() && clientDown.isDone(), Duration.ofSeconds(30));
      assertThat(serverDown).isDone();
      assertThat(clientDown).isDone();
    }
  }
}
