package org.pinring.libp2p.pubsub;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.pinring.libp2p.Host;
import org.pinring.libp2p.HostConfig;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.crypto.Ed25519PrivateKey;
import org.pinring.libp2p.transport.Transport;
import org.pinring.multiformats.Multiaddr;
import org.pinring.runtime.Environment;
import org.pinring.runtime.ExecutorScheduler;
import org.pinring.runtime.SecureRandomSource;
import org.pinring.runtime.SystemClock;

/** A real host with gossipsub for tests, recording what it receives. Thread-safe. */
final class PubsubNode implements AutoCloseable {

  record Received(String topic, String data, PeerId from, PeerId author, String messageId) {}

  final Host host;
  final Gossipsub gossipsub;
  final Multiaddr address;
  final List<Received> received = new CopyOnWriteArrayList<>();
  private final ExecutorScheduler scheduler;

  PubsubNode(String name, Transport transport, Multiaddr listen, GossipsubConfig config) {
    this.scheduler = ExecutorScheduler.singleThreaded(name);
    Environment env = new Environment(SystemClock.get(), scheduler, new SecureRandomSource());
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(new SecureRandomSource());
    this.host = Host.create(key, HostConfig.defaults(), env, List.of(transport));
    this.gossipsub = Gossipsub.start(host, key, config, env);
    Multiaddr bound = host.listen(List.of(listen)).join().get(0);
    this.address = bound.withPeerId(host.peerId().multihash());
  }

  PeerId id() {
    return host.peerId();
  }

  void subscribe(String topic) {
    gossipsub
        .subscribe(
            topic,
            (message, id, from) ->
                received.add(
                    new Received(
                        message.topic(),
                        new String(message.data(), StandardCharsets.UTF_8),
                        from,
                        message.author().orElse(null),
                        id.toString())))
        .join();
  }

  List<String> data() {
    return received.stream().map(Received::data).toList();
  }

  @Override
  public void close() {
    gossipsub.close();
    host.close();
    scheduler.close();
  }
}
