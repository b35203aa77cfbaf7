package org.pinring.node.repo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multicodec;
import org.pinring.multiformats.ipld.DagCbor;
import org.pinring.multiformats.ipld.Ipld;
import org.pinring.multiformats.ipld.IpldList;
import org.pinring.multiformats.ipld.IpldMap;
import org.pinring.node.blockstore.Block;
import org.pinring.node.blockstore.BlockStore;
import org.pinring.node.unixfs.ImportPreset;
import org.pinring.node.unixfs.ParallelBlockWriter;
import org.pinring.node.unixfs.UnixFsImporter;

/**
 * A process that imports and pins DAGs into a repository forever, printing "pinned N CID" after
 * each pin is acknowledged; {@link ProcessKillTest} kills it with SIGKILL mid-stream. Arguments:
 * the repository, a seed, and the mode: {@code blocks} writes small DAGs one block at a time,
 * {@code pipelined} imports files of 0.5 to 2.5 MB with the kubo preset through a {@link
 * ParallelBlockWriter} (many writes in flight when the kill comes), as {@code pinring add} does.
 */
public final class KillableWriter {

  private KillableWriter() {}

  public static void main(String[] args) throws IOException {
    try (Repository repository = Repository.openOrCreate(Path.of(args[0]))) {
      Random random = new Random(Long.parseLong(args[1]));
      if (args.length > 2 && args[2].equals("pipelined")) {
        importFiles(repository, random);
      }
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
        acknowledge(i, root.cid());
      }
    }
  }

  private static void importFiles(Repository repository, Random random) {
    ExecutorService writers = Executors.newFixedThreadPool(8);
    for (int i = 0; ; i++) {
      byte[] content = new byte[500_000 + random.nextInt(2_000_000)];
      random.nextBytes(content);
      try (BlockStore.Session session = repository.blocks().openSession();
          ParallelBlockWriter writer = new ParallelBlockWriter(session, writers, 2L << 20)) {
        Cid root = new UnixFsImporter(ImportPreset.KUBO.options(), writer).importBytes(content);
        repository.pins().add(root);
        acknowledge(i, root);
      }
    }
  }

  private static void acknowledge(int i, Cid pinned) {
    System.out.println("pinned " + i + " " + pinned);
    System.out.flush();
  }
}
