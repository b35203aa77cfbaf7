package org.pinring.libp2p.testing;

import java.util.List;
import org.pinring.libp2p.Host;
import org.pinring.libp2p.HostConfig;
import org.pinring.libp2p.crypto.Ed25519PrivateKey;
import org.pinring.libp2p.transport.Transport;
import org.pinring.runtime.Environment;
import org.pinring.runtime.ExecutorScheduler;
import org.pinring.runtime.SecureRandomSource;
import org.pinring.runtime.SystemClock;

/** Hosts for tests with real time and randomness. */
public final class TestHosts {

  private TestHosts() {}

  /** A real-time environment with its own scheduler thread. */
  public static Environment realEnvironment() {
    return new Environment(
        SystemClock.get(), ExecutorScheduler.singleThreaded("test-host"), new SecureRandomSource());
  }

  public static Host host(HostConfig config, Transport transport) {
    return Host.create(
        Ed25519PrivateKey.generate(new SecureRandomSource()),
        config,
        realEnvironment(),
        List.of(transport));
  }
}
