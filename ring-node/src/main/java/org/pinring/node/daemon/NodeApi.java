package org.pinring.node.daemon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.pinring.libp2p.Connection;
import org.pinring.libp2p.Host;
import org.pinring.node.bitswap.Bitswap;
import org.pinring.node.repo.Repository;

/**
 * What the HTTP API works on: the node's parts, handed over by {@link Daemon}.
 *
 * @param importWriters the writer threads of {@code /add} ({@code import.writers})
 */
record NodeApi(Repository repository, Host host, Bitswap bitswap, ExecutorService importWriters) {

  /** {@code GET /id}. */
  Map<String, Object> id() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", host.peerId().toString());
    List<String> addresses = new ArrayList<>();
    host.listenAddresses().forEach(a -> addresses.add(a + "/p2p/" + host.peerId()));
    out.put("addresses", addresses);
    out.put("agentVersion", host.config().agentVersion());
    out.put("protocols", List.copyOf(new java.util.TreeSet<>(host.protocols())));
    return out;
  }

  /** {@code GET /peers}. */
  List<Map<String, Object>> peers() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Connection connection : host.connections()) {
      Map<String, Object> peer = new LinkedHashMap<>();
      peer.put("id", connection.remotePeer().toString());
      peer.put("address", connection.remoteAddress().toString());
      peer.put("direction", connection.isOutbound() ? "outbound" : "inbound");
      peer.put("agentVersion", host.peerstore().agentVersion(connection.remotePeer()).orElse(""));
      out.add(peer);
    }
    return out;
  }
}
