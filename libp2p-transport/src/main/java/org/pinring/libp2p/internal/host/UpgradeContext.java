package org.pinring.libp2p.internal.host;

import java.time.Duration;
import java.util.function.Predicate;
import org.pinring.libp2p.StreamHandler;
import org.pinring.libp2p.crypto.PrivateKey;
import org.pinring.libp2p.internal.noise.AeadFactory;
import org.pinring.libp2p.internal.noise.X25519KeyPair;
import org.pinring.libp2p.internal.yamux.YamuxConfig;
import org.pinring.runtime.Environment;

/**
 * What every connection of one host shares: identity, Noise static key, limits, protocol handlers.
 *
 * @param handlers the handler for an inbound stream's protocol, or null if none
 * @param keepAliveInterval idle time after which a connection sends a yamux ping; zero disables
 * @param keepAliveTimeout how long a keepalive ping may stay unanswered before the connection is
 *     closed
 * @param otherConnection an open, not superseded connection to a peer, if any: where streams go
 *     when the connection they were asked of has been closed or refuses them after GoAway
 */
public record UpgradeContext(
    Environment environment,
    PrivateKey identity,
    X25519KeyPair noiseStaticKey,
    AeadFactory aead,
    YamuxConfig yamux,
    Duration handshakeTimeout,
    Duration negotiationTimeout,
    Predicate<String> supportedProtocols,
    java.util.function.Function<String, StreamHandler> handlers,
    Duration keepAliveInterval,
    Duration keepAliveTimeout,
    java.util.function.Function<org.pinring.libp2p.PeerId, java.util.Optional<Libp2pConnection>>
        otherConnection) {}
