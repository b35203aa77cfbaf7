package org.pinring.node.blockstore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multicodec;
import org.pinring.multiformats.ipld.DagCbor;
import org.pinring.multiformats.ipld.Ipld;
import org.pinring.multiformats.ipld.IpldList;
import org.pinring.multiformats.ipld.IpldMap;

/** Blocks for tests: raw blocks of seeded bytes and dag-cbor nodes linking to others. */
final class TestBlocks {

  private TestBlocks() {}

  static Block raw(long seed, int size) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return Block.hash(Multicodec.RAW, 1, data);
  }

  /** A dag-cbor node {"links": [...], "tag": tag}. */
  static Block node(String tag, List<Cid> links) {
    List<Ipld> items = new ArrayList<>();
    for (Cid link : links) {
      items.add(Ipld.of(link));
    }
    IpldMap value = new IpldMap(Map.of("links", new IpldList(items), "tag", Ipld.of(tag)));
    return Block.hash(Multicodec.DAG_CBOR, 1, DagCbor.encode(value));
  }

  /** A small DAG: a root over {@code fanout} raw leaves; returns every block, root first. */
  static List<Block> dag(long seed, int fanout, int leafSize) {
    List<Block> leaves = new ArrayList<>();
    List<Cid> cids = new ArrayList<>();
    for (int i = 0; i < fanout; i++) {
      Block leaf = raw(seed * 1000 + i, leafSize);
      leaves.add(leaf);
      cids.add(leaf.cid());
    }
    List<Block> all = new ArrayList<>();
    all.add(node("root-" + seed, cids));
    all.addAll(leaves);
    return all;
  }
}
