package org.pinring.libp2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pinring.libp2p.transport.MemoryTransport;
import org.pinring.libp2p.transport.TcpTransport;
import org.pinring.multiformats.Multiaddr;
import org.pinring.runtime.SimulatedTime;

class TransportsTest {

  @Test
  void picksTheTransportThatHandlesTheAddress() {
    MemoryTransport memory = new MemoryTransport(new MemoryTransport.Network(new SimulatedTime()));
    try (TcpTransport tcp = TcpTransport.create(1)) {
      Transports transports = new Transports(List.of(tcp, memory));

      assertThat(transports.forAddress(Multiaddr.parse("/memory/m1"))).isSameAs(memory);
      assertThat(transports.forAddress(Multiaddr.parse("/ip4/127.0.0.1/tcp/1"))).isSameAs(tcp);
    }
  }

  @Test
  void anAddressNoTransportHandlesIsAStreamException() {
    Transports transports =
        new Transports(
            List.of(new MemoryTransport(new MemoryTransport.Network(new SimulatedTime()))));

    assertThatThrownBy(() -> transports.forAddress(Multiaddr.parse("/ip4/127.0.0.1/tcp/1")))
        .isInstanceOf(StreamException.class)
        .hasMessage("no transport for /ip4/127.0.0.1/tcp/1");
  }

  @Test
  void aHostNeedsATransport() {
    assertThatThrownBy(() -> new Transports(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
