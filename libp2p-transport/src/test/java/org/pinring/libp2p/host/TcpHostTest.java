package org.pinring.libp2p.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pinring.libp2p.Connection;
import org.pinring.libp2p.transport.TcpTransport;
import org.pinring.libp2p.transport.Transport;
import org.pinring.multiformats.Multiaddr;
import org.pinring.multiformats.MultiaddrProtocol;

/** The host behaviour suite over real TCP on loopback. */
class TcpHostTest extends HostBehaviourSuite {

  @Override
  Transport newTransport() {
    return TcpTransport.create(2);
  }

  @Override
  Multiaddr listenAddress() {
    return Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
  }

  @Override
  Multiaddr refusingAddress() {
    // Port 1 (tcpmux) is closed on test machines: the connect is refused at once.
    return Multiaddr.parse("/ip4/127.0.0.1/tcp/1");
  }

  @Override
  long bulkBytes() {
    return 64L * 1024 * 1024;
  }

  @Test
  void dialsDnsNamesResolvedToTheRightFamily() throws Exception {
    int port = Integer.parseInt(serverAddress.valueOf(MultiaddrProtocol.TCP).orElseThrow());
    Multiaddr byName =
        Multiaddr.parse("/dns4/localhost/tcp/" + port).withPeerId(server.peerId().multihash());

    Connection connection = client.connect(byName).get(60, TimeUnit.SECONDS);

    assertThat(connection.remotePeer()).isEqualTo(server.peerId());
    assertThat(connection.remoteAddress().toString()).startsWith("/ip4/127.0.0.1/tcp/");
  }

  @Test
  void listensOnSeveralAddresses() throws Exception {
    List<Multiaddr> bound =
        server
            .listen(
                List.of(
                    Multiaddr.parse("/ip4/127.0.0.1/tcp/0"),
                    Multiaddr.parse("/ip4/127.0.0.1/tcp/0")))
            .get(60, TimeUnit.SECONDS);

    assertThat(bound).hasSize(2).doesNotHaveDuplicates();
    for (Multiaddr address : bound) {
      assertThat(
              client
                  .connect(address.withPeerId(server.peerId().multihash()))
                  .get(60, TimeUnit.SECONDS)
                  .remotePeer())
          .isEqualTo(server.peerId());
    }
  }

  @Test
  void reportsAnUnreachableAddress() {
    Multiaddr closed =
        Multiaddr.parse("/ip4/127.0.0.1/tcp/1").withPeerId(server.peerId().multihash());
    assertThatThrownBy(() -> client.connect(closed).get(60, TimeUnit.SECONDS))
        .hasMessageContaining("cannot connect to /ip4/127.0.0.1/tcp/1");
  }
}
