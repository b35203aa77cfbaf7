package org.pinring.node.car;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.pinring.multiformats.Cid;
import org.pinring.node.blockstore.Block;
import org.pinring.node.blockstore.BlockStore;
import org.pinring.node.dag.DagLimits;
import org.pinring.node.dag.DagWalker;
import org.pinring.node.dag.MissingBlockException;

/**
 * Exports the DAG under a root as a CARv1 with that root: every block once, depth first in link
 * order (the order kubo's {@code dag export} uses), each read verified from the store.
 */
public final class CarExporter {

  private CarExporter() {}

  /** What an export wrote. */
  public record Result(long blocks, long bytes) {}

  /**
   * @throws MissingBlockException if the DAG is not complete in the store; the output is then
   *     truncated and must be discarded
   */
  public static Result export(BlockStore store, Cid root, OutputStream out, DagLimits limits)
      throws IOException {
    CarWriter writer = new CarWriter(out, List.of(root));
    try {
      new DagWalker(store::links, limits)
          .walk(
              root,
              (cid, depth) -> {
                Block block = store.get(cid).orElseThrow(() -> new MissingBlockException(cid));
                try {
                  writer.write(block);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return new Result(writer.blocksWritten(), writer.bytesWritten());
  }
}
