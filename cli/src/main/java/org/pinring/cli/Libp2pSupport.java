package org.pinring.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.pinring.libp2p.Host;
import org.pinring.libp2p.HostConfig;
import org.pinring.libp2p.crypto.Ed25519PrivateKey;
import org.pinring.libp2p.crypto.PrivateKey;
import org.pinring.libp2p.transport.TcpTransport;
import org.pinring.multiformats.Multiaddr;
import org.pinring.multiformats.MultiformatException;
import org.pinring.runtime.Environment;
import org.pinring.runtime.ExecutorScheduler;
import org.pinring.runtime.SecureRandomSource;
import org.pinring.runtime.SystemClock;

/** What the libp2p commands share: the default key file, hosts, address parsing, errors. */
final class Libp2pSupport {

  private Libp2pSupport() {}

  /** {@code ~/.pinring/identity.key}, the identity file of the design's storage layout. */
  static Path defaultKeyFile() {
    return Path.of(System.getProperty("user.home"), ".pinring", "identity.key");
  }

  static Environment environment() {
    return new Environment(
        SystemClock.get(),
        ExecutorScheduler.singleThreaded("pinring-cli"),
        new SecureRandomSource());
  }

  /** A TCP host with an ephemeral identity unless {@code key} is given. */
  static Host host(PrivateKey key, HostConfig config) {
    PrivateKey identity = key != null ? key : Ed25519PrivateKey.generate(new SecureRandomSource());
    return Host.create(identity, config, environment(), List.of(TcpTransport.create(1)));
  }

  /**
   * Parses a peer address, which must name the peer ({@code /p2p/...}).
   *
   * @throws UserInputException if it is malformed or lacks the peer ID
   */
  static Multiaddr peerAddress(String text) {
    Multiaddr address;
    try {
      address = Multiaddr.parse(text);
    } catch (MultiformatException e) {
      throw new UserInputException("'" + text + "' is not a multiaddr: " + e.getMessage());
    }
    if (address.peerId().isEmpty()) {
      throw new UserInputException(
          "'"
              + text
              + "' lacks the peer ID: append /p2p/<peer-id>, e.g. /ip4/1.2.3.4/tcp/4001/p2p/12D3KooW...");
    }
    return address;
  }

  /** The root cause's message, for one-line error reports. */
  static String reason(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof ExecutionException || cause instanceof CompletionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message;
  }
}
