package org.pinring.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Objects;
import org.pinring.multiformats.Cid;
import org.pinring.node.blockstore.Block;
import org.pinring.node.blockstore.BlockStore;
import org.pinring.node.blockstore.CorruptBlockException;
import org.pinring.node.dag.DagLimits;
import org.pinring.node.dag.MissingBlockException;
import org.pinring.node.unixfs.UnixFsExporter;

/**
 * Brings one UnixFS entry (a file, symlink or directory tree) from a running daemon's trustless
 * gateway (ipfs/specs trustless-gateway) into local spools without trusting what it sends.
 *
 * <p>A path below the root is resolved here, not by the daemon: the blocks on the way are fetched
 * one at a time as raw blocks ({@code ?format=raw}, each hashed against its CID) and read by the
 * ordinary {@link UnixFsExporter}, so the entry's CID is proven to be at that path. The entry's
 * whole DAG then comes as one CAR ({@code ?format=car}, {@code dag-scope=all} being the gateway's
 * default and only scope), checked block by block by {@link CarDagReceiver} as it streams.
 *
 * <p>Not thread-safe.
 */
final class GatewayTransfer {

  /** Most raw blocks fetched to resolve a path (a few per component, more through HAMT shards). */
  static final int MAX_PATH_BLOCKS = 4096;

  private static final String RAW = "application/vnd.ipld.raw";
  private static final String CAR = "application/vnd.ipld.car";

  private final DaemonApi api;
  private final DagLimits limits;

  GatewayTransfer(DaemonApi api, DagLimits limits) {
    this.api = Objects.requireNonNull(api, "api");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * Resolves {@code content} with blocks fetched into {@code pathBlocks}, then receives the DAG of
   * the entry it names into {@code dag}.
   *
   * @param dag an empty store: when this returns it holds exactly the entry's DAG, verified
   * @return the entry's CID, the root of what {@code dag} holds
   * @throws TransferException if the daemon sends anything else than what was asked for
   * @throws org.pinring.node.unixfs.PathNotFoundException if the path names nothing
   * @throws IOException if the daemon does not have the content (with its message) or fails
   */
  Cid fetch(ContentPath content, BlockStore pathBlocks, BlockStore dag) throws IOException {
    Cid target = content.path().isEmpty() ? content.root() : resolve(content, pathBlocks);
    HttpResponse<InputStream> response;
    try {
      response =
          api.getStream("/ipfs/" + target + "?format=car", CAR + "; version=1; order=dfs; dups=n");
    } catch (IOException e) {
      throw new IOException("the daemon cannot send " + target + ": " + e.getMessage(), e);
    }
    String type = response.headers().firstValue("Content-Type").orElse("");
    try (InputStream in = new BufferedInputStream(response.body(), 1 << 16);
        BlockStore.Session session = dag.openSession()) {
      if (!type.startsWith(CAR)) {
        throw new TransferException(
            "the daemon answered a CAR request for " + target + " with '" + type + "'");
      }
      CarDagReceiver.receive(in, target, session, limits);
    }
    return target;
  }

  /** Resolves the path, fetching each block the exporter finds missing (it restarts from there). */
  private Cid resolve(ContentPath content, BlockStore pathBlocks) throws IOException {
    UnixFsExporter exporter = new UnixFsExporter(pathBlocks, limits);
    try (BlockStore.Session session = pathBlocks.openSession()) {
      for (int fetched = 0; ; fetched++) {
        try {
          return exporter.resolve(content.root(), content.path()).cid();
        } catch (MissingBlockException missing) {
          if (fetched == MAX_PATH_BLOCKS) {
            throw new TransferException(
                "resolving "
                    + content.path()
                    + " below "
                    + content.root()
                    + " needs more than "
                    + MAX_PATH_BLOCKS
                    + " blocks",
                missing);
          }
          session.put(rawBlock(missing.cid()));
        }
      }
    }
  }

  /** One block from the gateway, read within the block limit and hashed against its CID. */
  private Block rawBlock(Cid cid) throws IOException {
    HttpResponse<InputStream> response;
    try {
      response = api.getStream("/ipfs/" + cid + "?format=raw", RAW);
    } catch (IOException e) {
      throw new IOException("the daemon cannot send block " + cid + ": " + e.getMessage(), e);
    }
    byte[] data;
    try (InputStream in = response.body()) {
      data = in.readNBytes(BlockStore.MAX_BLOCK_BYTES + 1);
    }
    if (data.length > BlockStore.MAX_BLOCK_BYTES) {
      throw new TransferException(
          "the daemon sent more than " + BlockStore.MAX_BLOCK_BYTES + " bytes for block " + cid);
    }
    try {
      return Block.verifiedOwned(cid, data);
    } catch (CorruptBlockException e) {
      throw new TransferException("the daemon sent a wrong block for " + cid, e);
    }
  }
}
