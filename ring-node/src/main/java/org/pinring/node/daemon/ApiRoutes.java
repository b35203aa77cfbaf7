package org.pinring.node.daemon;

import com.sun.net.httpserver.HttpExchange;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.pinring.libp2p.Connection;
import org.pinring.libp2p.PeerId;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multiaddr;
import org.pinring.multiformats.MultiformatException;
import org.pinring.node.bitswap.FetchProgress;
import org.pinring.node.bitswap.FetchResult;
import org.pinring.node.blockstore.Block;
import org.pinring.node.blockstore.BlockStore;
import org.pinring.node.car.CarExporter;
import org.pinring.node.dag.DagLimits;
import org.pinring.node.dag.DagWalker;
import org.pinring.node.dag.MissingBlockException;
import org.pinring.node.unixfs.BlockSink;
import org.pinring.node.unixfs.ImportListener;
import org.pinring.node.unixfs.ImportOptions;
import org.pinring.node.unixfs.ImportPreset;
import org.pinring.node.unixfs.ParallelBlockWriter;
import org.pinring.node.unixfs.PathNotFoundException;
import org.pinring.node.unixfs.UnixFsEntry;
import org.pinring.node.unixfs.UnixFsExporter;
import org.pinring.node.unixfs.UnixFsImporter;

/**
 * The API's endpoints (docs/exchange.md, "HTTP API"). One instance serves all request threads; the
 * node's parts are thread-safe.
 */
final class ApiRoutes {

  static final String RAW = "application/vnd.ipld.raw";
  static final String CAR = "application/vnd.ipld.car";

  /** How often a long operation reports progress while it runs. */
  private static final long PROGRESS_INTERVAL_MILLIS = 250;

  private final NodeApi node;
  private final DagLimits limits = DagLimits.defaults();

  ApiRoutes(NodeApi node) {
    this.node = node;
  }

  void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    if (path.equals("/id") && method.equals("GET")) {
      HttpApi.sendJson(exchange, 200, node.id());
    } else if (path.equals("/peers") && method.equals("GET")) {
      HttpApi.sendJson(exchange, 200, node.peers());
    } else if (path.equals("/connect") && method.equals("POST")) {
      connect(exchange);
    } else if (path.equals("/add") && method.equals("POST")) {
      add(exchange);
    } else if (path.startsWith("/ipfs/") && (method.equals("GET") || method.equals("HEAD"))) {
      gateway(exchange, path.substring("/ipfs/".length()), method.equals("HEAD"));
    } else if (path.startsWith("/fetch/") && method.equals("POST")) {
      fetch(exchange, path.substring("/fetch/".length()));
    } else {
      throw new ApiException(404, "no endpoint " + method + " " + path);
    }
  }

  private void connect(HttpExchange exchange) throws IOException {
    Multiaddr address = peerAddress(single(exchange, "addr"));
    Connection connection = join(node.host().connect(address), "cannot connect to " + address);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", connection.remotePeer().toString());
    out.put("address", connection.remoteAddress().toString());
    HttpApi.sendJson(exchange, 200, out);
  }

  private void add(HttpExchange exchange) throws IOException {
    Map<String, List<String>> query = HttpApi.query(exchange);
    ImportOptions options = importOptions(query);
    List<Map<String, String>> entries = new ArrayList<>();
    ImportListener listener =
        new ImportListener() {
          @Override
          public void entryImported(String path, Cid cid) {
            entries.add(Map.of("path", path, "cid", cid.toString()));
          }
        };
    Cid root;
    if (onlyHash(query)) {
      // As `pinring add --only-hash`: the CIDs only, nothing stored, pinned or announced.
      root =
          importBody(
              new UnixFsImporter(options, BlockSink.discarding(), listener), exchange, query);
    } else {
      // The writer closes first: it waits for its writes before the session closes.
      try (BlockStore.Session session = node.repository().blocks().openSession();
          ParallelBlockWriter writer =
              new ParallelBlockWriter(
                  session, node.importWriters(), node.repository().config().blockWriting())) {
        root = importBody(new UnixFsImporter(options, writer, listener), exchange, query);
        node.repository().pins().add(root);
      }
      announce(root);
    }
    HttpApi.drain(exchange.getRequestBody());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("cid", root.toString());
    out.put("entries", entries);
    HttpApi.sendJson(exchange, 200, out);
  }

  /** Imports a raw body as one file, or a multipart body as one file or a directory tree. */
  private static Cid importBody(
      UnixFsImporter importer, HttpExchange exchange, Map<String, List<String>> query)
      throws IOException {
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    InputStream body = exchange.getRequestBody();
    boolean multipart =
        contentType != null
            && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    if (!multipart) {
      return importer.importStream(body, EntryMetadataParameters.parse(query));
    }
    MultipartReader parts = MultipartReader.open(body, contentType);
    MultipartReader.Part first =
        parts.next().orElseThrow(() -> new ApiException(400, "multipart body has no part"));
    return MultipartTree.isDirectory(first)
        ? MultipartTree.importTree(importer, first, parts)
        : importer.importStream(first.body(), EntryMetadataParameters.ofPart(first));
  }

  private static boolean onlyHash(Map<String, List<String>> query) {
    List<String> values = query.get("only-hash");
    if (values == null) {
      return false;
    }
    String value = values.get(values.size() - 1);
    if (value.isEmpty() || value.equals("true")) {
      return true;
    }
    if (value.equals("false")) {
      return false;
    }
    throw new ApiException(400, "only-hash must be true or false, not '" + value + "'");
  }

  /**
   * Tells Bitswap about every block of a DAG just added, so that peers already waiting for any of
   * them (not only the root) get it now. The import wrote the whole DAG, so the walk finds every
   * block; blocks that were stored before cost one index lookup and are ignored by ledgers that do
   * not want them.
   */
  private void announce(Cid root) {
    BlockStore store = node.repository().blocks();
    new DagWalker(store::links, limits)
        .walk(root, (cid, depth) -> node.bitswap().blockAdded(cid, store.size(cid).orElse(0)));
  }

  private ImportOptions importOptions(Map<String, List<String>> query) {
    try {
      ImportPreset preset =
          query.containsKey("preset")
              ? ImportPreset.forName(query.get("preset").get(0))
              : node.repository().config().importPreset();
      ImportOptions options = preset.options();
      if (query.containsKey("cid-version")) {
        int version = Integer.parseInt(query.get("cid-version").get(0));
        options = options.withCidVersion(version);
        if (version == 1 && !query.containsKey("raw-leaves")) {
          options = options.withRawLeaves(true);
        }
      }
      if (query.containsKey("raw-leaves")) {
        options = options.withRawLeaves(Boolean.parseBoolean(query.get("raw-leaves").get(0)));
      }
      if (query.containsKey("chunk-size")) {
        options = options.withChunkSize(Integer.parseInt(query.get("chunk-size").get(0)));
      }
      return options;
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, e.getMessage());
    }
  }

  /** The trustless gateway (ipfs/specs trustless-gateway): raw blocks, CARs, or file bytes. */
  private void gateway(HttpExchange exchange, String rest, boolean head) throws IOException {
    int slash = rest.indexOf('/');
    Cid root = cid(slash < 0 ? rest : rest.substring(0, slash));
    String path = slash < 0 ? "" : rest.substring(slash + 1);
    Map<String, List<String>> query = HttpApi.query(exchange);
    String format = query.containsKey("format") ? query.get("format").get(0) : "";
    String accept = String.valueOf(exchange.getRequestHeaders().getFirst("Accept"));
    BlockStore store = node.repository().blocks();
    UnixFsEntry entry;
    Cid target = root;
    try {
      if (!path.isEmpty()) {
        entry = new UnixFsExporter(store, limits).resolve(root, path);
        target = entry.cid();
      }
    } catch (PathNotFoundException | MissingBlockException e) {
      throw new ApiException(404, e.getMessage());
    }
    exchange.getResponseHeaders().set("X-Ipfs-Path", "/ipfs/" + rest);
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.getResponseHeaders().set("Cache-Control", "public, max-age=29030400, immutable");
    if (format.equals("raw") || accept.contains(RAW)) {
      Optional<Block> block = store.get(target);
      if (block.isEmpty()) {
        throw new ApiException(404, "block " + target + " is not stored here");
      }
      exchange.getResponseHeaders().set("Content-Type", RAW);
      exchange.getResponseHeaders().set("Etag", "\"" + target + ".raw\"");
      exchange.sendResponseHeaders(200, head ? -1 : block.get().size());
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          block.get().writeTo(out);
        }
      }
    } else if (format.equals("car") || accept.contains(CAR)) {
      Cid dag = target;
      try {
        new DagWalker(store::links, limits).walk(dag, (cid, depth) -> {});
      } catch (MissingBlockException e) {
        throw new ApiException(
            404, "the DAG of " + dag + " is not complete here: " + e.getMessage());
      }
      exchange.getResponseHeaders().set("Content-Type", CAR + "; version=1; order=dfs; dups=n");
      exchange.getResponseHeaders().set("Etag", "\"" + dag + ".car\"");
      exchange.sendResponseHeaders(200, head ? -1 : 0);
      if (!head) {
        try (OutputStream out = new BufferedOutputStream(exchange.getResponseBody(), 1 << 16)) {
          CarExporter.export(store, dag, out, limits);
        }
      }
    } else {
      UnixFsExporter exporter = new UnixFsExporter(store, limits);
      UnixFsEntry resolved;
      try {
        resolved = exporter.resolve(target, "");
      } catch (MissingBlockException e) {
        throw new ApiException(404, e.getMessage());
      }
      if (resolved.kind() == UnixFsEntry.Kind.DIRECTORY) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (UnixFsEntry child : exporter.list(target)) {
          Map<String, Object> item = new LinkedHashMap<>();
          item.put("name", child.name());
          item.put("cid", child.cid().toString());
          item.put("type", child.kind().name().toLowerCase(Locale.ROOT));
          item.put("size", child.size());
          entries.add(item);
        }
        HttpApi.sendJson(exchange, 200, entries);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
      exchange.getResponseHeaders().set("Etag", "\"" + target + "\"");
      exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
      long size = resolved.size();
      Optional<ByteRange> range;
      try {
        range = ByteRange.parse(exchange.getRequestHeaders().getFirst("Range"), size);
      } catch (ByteRange.UnsatisfiableException e) {
        exchange.getResponseHeaders().set("Content-Range", "bytes */" + size);
        throw new ApiException(416, e.getMessage());
      }
      long first = range.map(ByteRange::first).orElse(0L);
      long length = range.map(ByteRange::length).orElse(size);
      if (range.isPresent()) {
        exchange.getResponseHeaders().set("Content-Range", range.get().contentRange(size));
      }
      exchange.sendResponseHeaders(
          range.isPresent() ? 206 : 200, head ? -1 : length == 0 ? -1 : length);
      if (!head) {
        try (OutputStream out = new BufferedOutputStream(exchange.getResponseBody(), 1 << 16)) {
          exporter.cat(target, first, length, out);
        }
      }
    }
  }

  /** Fetches a DAG by Bitswap, streaming progress as JSON lines, then pins it. */
  private void fetch(HttpExchange exchange, String rest) throws IOException {
    Cid root = cid(rest);
    List<PeerId> peers = new ArrayList<>();
    for (String text : HttpApi.query(exchange).getOrDefault("from", List.of())) {
      Multiaddr address = peerAddress(text);
      peers.add(join(node.host().connect(address), "cannot connect to " + address).remotePeer());
    }
    exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
    exchange.sendResponseHeaders(200, 0);
    AtomicReference<FetchProgress> latest = new AtomicReference<>();
    try (OutputStream out = exchange.getResponseBody();
        BlockStore.Session session = node.repository().blocks().openSession()) {
      CompletableFuture<FetchResult> done = node.bitswap().fetch(root, peers, session, latest::set);
      FetchProgress reported = null;
      while (true) {
        try {
          FetchResult result = done.get(PROGRESS_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
          node.repository().pins().add(root);
          Map<String, Object> line = new LinkedHashMap<>();
          line.put("type", "done");
          line.put("cid", root.toString());
          line.put("blocks", result.blocks());
          line.put("blocksFetched", result.blocksFetched());
          line.put("bytesFetched", result.bytesFetched());
          Map<String, Long> byPeer = new LinkedHashMap<>();
          result.blocksByPeer().forEach((peer, count) -> byPeer.put(peer.toString(), count));
          line.put("blocksByPeer", byPeer);
          writeLine(out, line);
          return;
        } catch (TimeoutException e) {
          FetchProgress now = latest.get();
          if (now != null && !now.equals(reported)) {
            reported = now;
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("type", "progress");
            line.put("blocks", now.blocksDone());
            line.put("bytes", now.bytesFetched());
            line.put("blocksKnown", now.blocksKnown());
            writeLine(out, line);
          }
        } catch (ExecutionException e) {
          Map<String, Object> line = new LinkedHashMap<>();
          line.put("type", "error");
          line.put("message", e.getCause().getMessage());
          writeLine(out, line);
          return;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
      }
    }
  }

  private static void writeLine(OutputStream out, Map<String, Object> line) throws IOException {
    out.write(HttpApi.JSON.writeValueAsBytes(line));
    out.write('\n');
    out.flush();
  }

  private static String single(HttpExchange exchange, String name) {
    List<String> values = HttpApi.query(exchange).get(name);
    if (values == null || values.isEmpty() || values.get(0).isEmpty()) {
      throw new ApiException(400, "missing query parameter '" + name + "'");
    }
    return values.get(0);
  }

  private static Cid cid(String text) {
    try {
      return Cid.parse(text);
    } catch (MultiformatException e) {
      throw new ApiException(400, "'" + text + "' is not a CID: " + e.getMessage());
    }
  }

  private static Multiaddr peerAddress(String text) {
    Multiaddr address;
    try {
      address = Multiaddr.parse(text);
    } catch (MultiformatException e) {
      throw new ApiException(400, "'" + text + "' is not a multiaddr: " + e.getMessage());
    }
    if (address.peerId().isEmpty()) {
      throw new ApiException(400, "'" + text + "' lacks the peer ID (/p2p/...)");
    }
    return address;
  }

  private static <T> T join(CompletableFuture<T> future, String what) {
    try {
      return future.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new ApiException(502, what + ": " + e.getCause().getMessage());
    } catch (TimeoutException e) {
      throw new ApiException(504, what + ": timed out");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, what + ": interrupted");
    }
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
