package org.pinring.node.repo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multicodec;
import org.pinring.multiformats.ipld.DagCbor;
import org.pinring.multiformats.ipld.Ipld;
import org.pinring.multiformats.ipld.IpldList;
import org.pinring.multiformats.ipld.IpldMap;
import org.pinring.node.blockstore.Block;
import org.pinring.node.blockstore.BlockStore;

/**
 * A process that imports and pins small DAGs into a repository forever, printing "pinned N" after
 * each pin is acknowledged; {@link ProcessKillTest} kills it with SIGKILL mid-stream.
 */
public final class KillableWriter {

  private KillableWriter() {}

  public static void main(String[] args) throws IOException {
    try (Repository repository = Repository.openOrCreate(Path.of(args[0]))) {
      Random random = new Random(Long.parseLong(args[1]));
      for (int i = 0; ; i++) {
        List<Block> blocks = new ArrayList<>();
        List<Ipld> links = new ArrayList<>();
        for (int leaf = 0; leaf < 5; leaf++) {
          byte[] data = new byte[1000 + random.nextInt(200_000)];
          random.nextBytes(data);
          Block block = Block.hash(Multicodec.RAW, 1, data);
          blocks.add(block);
          links.add(Ipld.of(block.cid()));
        }
        Block root =
            Block.hash(
                Multicodec.DAG_CBOR,
                1,
                DagCbor.encode(
                    IpldMap.builder().put("n", i).put("links", new IpldList(links)).build()));
        try (BlockStore.Session session = repository.blocks().openSession()) {
          blocks.forEach(session::put);
          session.put(root);
          repository.pins().add(root.cid());
        }
        Cid pinned = root.cid();
        System.out.println("pinned " + i + " " + pinned);
        System.out.flush();
      }
    }
  }
}
