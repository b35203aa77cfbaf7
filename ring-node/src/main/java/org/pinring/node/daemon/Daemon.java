package org.pinring.node.daemon;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.pinring.libp2p.Host;
import org.pinring.libp2p.HostConfig;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.crypto.KeyFile;
import org.pinring.libp2p.crypto.PrivateKey;
import org.pinring.libp2p.transport.TcpTransport;
import org.pinring.multiformats.Multiaddr;
import org.pinring.node.bitswap.Bitswap;
import org.pinring.node.bitswap.BitswapConfig;
import org.pinring.node.bitswap.HostBitswapNetwork;
import org.pinring.node.dag.DagLimits;
import org.pinring.node.repo.RepoLock;
import org.pinring.node.repo.Repository;
import org.pinring.runtime.Environment;
import org.pinring.runtime.ExecutorScheduler;
import org.pinring.runtime.SecureRandomSource;
import org.pinring.runtime.SystemClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PinRing daemon, version 0: the composition root that owns the repository (locked), the node's
 * identity, the libp2p host, Bitswap and the HTTP API. {@link #start} brings them up in that order;
 * {@link #close} takes them down in reverse. Thread-safe.
 */
public final class Daemon implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Daemon.class);

  /** Written while the daemon runs: the API's URL, for commands that talk to it. */
  public static final String API_FILE = "api";

  public static final String IDENTITY_FILE = "identity.key";

  /** Threads that hash, store and load blocks for Bitswap (they mostly wait in fsync). */
  private static final int BLOCK_WORKERS = 8;

  /**
   * @param repository the repository directory (created with defaults if it holds none)
   * @param listen libp2p addresses, overriding {@code network.listen} when not empty
   * @param api HOST:PORT of the API, overriding {@code api.listen} when not null
   * @param agentVersion what identify announces
   */
  public record Options(Path repository, List<String> listen, String api, String agentVersion) {
    public Options {
      listen = List.copyOf(listen);
    }
  }

  private final Repository repository;
  private final ExecutorScheduler scheduler;
  private final Workers workers;
  private final Host host;
  private final Bitswap bitswap;
  private final HostBitswapNetwork network;
  private final HttpApi api;
  private final Path apiFile;

  private Daemon(
      Repository repository,
      ExecutorScheduler scheduler,
      Workers workers,
      Host host,
      Bitswap bitswap,
      HostBitswapNetwork network,
      HttpApi api) {
    this.repository = repository;
    this.scheduler = scheduler;
    this.workers = workers;
    this.host = host;
    this.bitswap = bitswap;
    this.network = network;
    this.api = api;
    this.apiFile = repository.directory().resolve(API_FILE);
  }

  /**
   * Starts a daemon on {@code options.repository()}.
   *
   * @throws IOException if the repository is in use (by another daemon or command), a port is
   *     taken, or the disk fails; nothing is left running
   */
  public static Daemon start(Options options) throws IOException {
    Files.createDirectories(options.repository());
    List<AutoCloseable> started = new ArrayList<>();
    try {
      Repository repository = Repository.openOrCreate(options.repository(), RepoLock.Holder.DAEMON);
      started.add(0, repository);
      SecureRandomSource random = new SecureRandomSource();
      PrivateKey identity =
          KeyFile.loadOrCreate(options.repository().resolve(IDENTITY_FILE), random);
      ExecutorScheduler scheduler = ExecutorScheduler.singleThreaded("pinring-daemon");
      started.add(0, scheduler);
      Environment environment = new Environment(SystemClock.get(), scheduler, random);
      ExecutorService workers = Executors.newFixedThreadPool(BLOCK_WORKERS, daemonThreads());
      started.add(0, workers::shutdownNow);
      // /add stores blocks on its own writers, as many as config.json says (import.writers), so
      // an import neither waits behind Bitswap's work nor slows it down.
      ExecutorService importWriters =
          repository.config().blockWriting().newWriterPool("pinring-import-writer");
      started.add(0, importWriters::shutdownNow);
      Host host =
          Host.create(
              identity,
              HostConfig.defaults().withAgentVersion(options.agentVersion()),
              environment,
              List.of(TcpTransport.create()));
      started.add(0, host);
      BitswapConfig bitswapConfig = BitswapConfig.defaults();
      HostBitswapNetwork network = new HostBitswapNetwork(host, scheduler, bitswapConfig);
      Bitswap bitswap =
          new Bitswap(
              repository.blocks(),
              bitswapConfig,
              DagLimits.defaults(),
              environment,
              workers,
              network);
      started.add(0, bitswap);
      network.attach(bitswap);
      List<Multiaddr> listen = new ArrayList<>();
      for (String address :
          options.listen().isEmpty() ? repository.config().listen() : options.listen()) {
        listen.add(Multiaddr.parse(address));
      }
      host.listen(listen).join();
      String apiAddress = options.api() != null ? options.api() : repository.config().api();
      HttpApi api =
          HttpApi.start(
              apiAddress,
              ApiToken.loadOrCreate(options.repository()),
              new NodeApi(repository, host, bitswap, importWriters));
      started.add(0, api);
      Daemon daemon =
          new Daemon(
              repository,
              scheduler,
              new Workers(workers, importWriters),
              host,
              bitswap,
              network,
              api);
      daemon.writeApiFile();
      log.info("daemon started: peer {}, API {}", host.peerId(), api.url());
      return daemon;
    } catch (IOException | RuntimeException e) {
      for (AutoCloseable resource : started) {
        try {
          resource.close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      if (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) {
        throw new IOException(e.getCause().getMessage(), e.getCause());
      }
      throw e;
    }
  }

  /** The daemon's thread pools: Bitswap's block work, and the writers of {@code /add}. */
  private record Workers(ExecutorService blocks, ExecutorService imports) {}

  private static void shutDown(ExecutorService pool) {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "pinring-blocks-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private void writeApiFile() throws IOException {
    Path temp = apiFile.resolveSibling(API_FILE + ".tmp");
    Files.writeString(temp, api.url() + "\n", StandardCharsets.UTF_8);
    Files.move(temp, apiFile, StandardCopyOption.ATOMIC_MOVE);
  }

  public PeerId peerId() {
    return host.peerId();
  }

  /** The listen addresses, each ending in {@code /p2p/<peer id>}. */
  public List<Multiaddr> addresses() {
    List<Multiaddr> out = new ArrayList<>();
    for (Multiaddr address : host.listenAddresses()) {
      out.add(Multiaddr.parse(address + "/p2p/" + host.peerId()));
    }
    return out;
  }

  public URI apiUrl() {
    return api.url();
  }

  public Host host() {
    return host;
  }

  public Bitswap bitswap() {
    return bitswap;
  }

  public Repository repository() {
    return repository;
  }

  /** Stops everything: API first (no new requests), then Bitswap, the host and the repository. */
  @Override
  public void close() {
    try {
      Files.deleteIfExists(apiFile);
    } catch (IOException e) {
      log.warn("could not remove {}: {}", apiFile, e.getMessage());
    }
    api.close();
    network.detach();
    bitswap.close();
    // Graceful: GoAway, drain streams, close connections, then release the transports' threads.
    host.close();
    shutDown(workers.blocks());
    shutDown(workers.imports());
    scheduler.close(Duration.ofSeconds(5));
    repository.close(); // releases the repository lock last
    log.info("daemon stopped");
  }
}
