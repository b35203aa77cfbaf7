package org.pinring.node.car;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Varint;
import org.pinring.multiformats.ipld.DagCbor;
import org.pinring.multiformats.ipld.Ipld;
import org.pinring.multiformats.ipld.IpldList;
import org.pinring.multiformats.ipld.IpldMap;
import org.pinring.node.blockstore.Block;

/**
 * Writes a CARv1 stream: the header (canonical DAG-CBOR {@code {"roots": [...], "version": 1}}, as
 * {@code @ipld/car} and go-car write it) on construction, then one section per block. Does not
 * close the stream. Not thread-safe.
 */
public final class CarWriter {

  private final OutputStream out;
  private long blocks;
  private long bytes;

  public CarWriter(OutputStream out, List<Cid> roots) throws IOException {
    this.out = Objects.requireNonNull(out, "out");
    List<Ipld> links = new ArrayList<>(roots.size());
    for (Cid root : roots) {
      links.add(Ipld.of(root));
    }
    byte[] header =
        DagCbor.encode(
            IpldMap.builder().put("roots", new IpldList(links)).put("version", 1).build());
    writeVarint(header.length);
    out.write(header);
    bytes += header.length;
  }

  public void write(Block block) throws IOException {
    byte[] cid = block.cid().toBytes();
    writeVarint(cid.length + (long) block.size());
    out.write(cid);
    block.writeTo(out);
    bytes += cid.length + block.size();
    blocks++;
  }

  public long blocksWritten() {
    return blocks;
  }

  /** Bytes written so far, header included. */
  public long bytesWritten() {
    return bytes;
  }

  private void writeVarint(long value) throws IOException {
    byte[] varint = Varint.encode(value);
    out.write(varint);
    bytes += varint.length;
  }
}
