package org.pinring.node.car;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.InvalidCidException;
import org.pinring.multiformats.InvalidVarintException;
import org.pinring.multiformats.VarintDecoder;
import org.pinring.multiformats.ipld.DagCbor;
import org.pinring.multiformats.ipld.InvalidIpldException;
import org.pinring.multiformats.ipld.Ipld;
import org.pinring.multiformats.ipld.IpldLink;
import org.pinring.multiformats.ipld.IpldList;
import org.pinring.multiformats.ipld.IpldMap;
import org.pinring.node.blockstore.Block;
import org.pinring.node.blockstore.BlockStore;
import org.pinring.node.blockstore.CorruptBlockException;

/**
 * Reads a CARv1 stream (ipld/specs, transport/car/carv1): a varint-prefixed DAG-CBOR header {@code
 * {"roots": [CID...], "version": 1}}, then sections of varint length, CID and block bytes. Every
 * block is verified against its CID as it is read.
 *
 * <p>Bounded: the header is at most {@link #MAX_HEADER_BYTES} and a section at most {@link
 * #MAX_SECTION_BYTES}, both checked before their bytes are read; memory is one section. The stream
 * may arrive in pieces of any size. A stream that ends cleanly between sections is a complete CAR
 * (possibly of fewer blocks); one that ends inside a section is refused.
 *
 * <p>Not thread-safe. Does not close the stream.
 */
public final class CarReader {

  /** Largest header: room for tens of thousands of roots. */
  public static final int MAX_HEADER_BYTES = 1 << 20;

  /** Largest section: a block at the block limit plus a generous CID. */
  public static final int MAX_SECTION_BYTES = BlockStore.MAX_BLOCK_BYTES + 1024;

  private final InputStream in;
  private final List<Cid> roots;
  private long offset;
  private long blocks;

  private CarReader(InputStream in) throws IOException {
    this.in = in;
    byte[] header = readLengthPrefixed(MAX_HEADER_BYTES, "header", true);
    if (header == null) {
      throw new InvalidCarException("empty input: a CAR starts with a header");
    }
    this.roots = parseHeader(header);
  }

  /**
   * Reads the header of the CAR on {@code in}.
   *
   * @throws InvalidCarException if it is not a valid CARv1 header
   */
  public static CarReader open(InputStream in) throws IOException {
    return new CarReader(Objects.requireNonNull(in, "in"));
  }

  /** The roots the header names (possibly none). */
  public List<Cid> roots() {
    return roots;
  }

  /** Blocks read so far. */
  public long blocksRead() {
    return blocks;
  }

  /**
   * The next block, verified, or empty at the end of the CAR.
   *
   * @throws InvalidCarException for a malformed section or a block that does not match its CID
   */
  public Optional<Block> next() throws IOException {
    long sectionStart = offset;
    byte[] section = readLengthPrefixed(MAX_SECTION_BYTES, "section", true);
    if (section == null) {
      return Optional.empty();
    }
    Cid.Decoded cid;
    try {
      cid = Cid.decode(section, 0);
    } catch (InvalidCidException e) {
      throw new InvalidCarException(
          "section at byte " + sectionStart + " does not start with a CID: " + e.getMessage(), e);
    }
    byte[] data = new byte[section.length - cid.length()];
    System.arraycopy(section, cid.length(), data, 0, data.length);
    if (data.length > BlockStore.MAX_BLOCK_BYTES) {
      throw new InvalidCarException(
          "block " + cid.cid() + " at byte " + sectionStart + " exceeds the block limit");
    }
    try {
      Block block = Block.verifiedOwned(cid.cid(), data);
      blocks++;
      return Optional.of(block);
    } catch (CorruptBlockException e) {
      throw new InvalidCarException("section at byte " + sectionStart + ": " + e.getMessage(), e);
    }
  }

  private static List<Cid> parseHeader(byte[] header) {
    Ipld value;
    try {
      value =
          DagCbor.decode(header, DagCbor.DecodeOptions.lenient().withMaxBytes(MAX_HEADER_BYTES));
    } catch (InvalidIpldException e) {
      throw new InvalidCarException("the CAR header is not DAG-CBOR: " + e.getMessage(), e);
    }
    if (!(value instanceof IpldMap map)) {
      throw new InvalidCarException("the CAR header must be a map, not a " + value.kind());
    }
    Ipld version = map.get("version").orElse(null);
    if (version == null || !version.equals(Ipld.of(1))) {
      String found = version == null ? "none" : version.toString();
      throw new InvalidCarException(
          "only CAR version 1 is supported; this header says version "
              + found
              + (version != null && version.equals(Ipld.of(2))
                  ? " (CARv2: convert it to CARv1 first)"
                  : ""));
    }
    Ipld rootsValue = map.get("roots").orElse(null);
    if (!(rootsValue instanceof IpldList list)) {
      throw new InvalidCarException("the CAR header needs a list of roots");
    }
    List<Cid> roots = new ArrayList<>(list.size());
    for (Ipld root : list.items()) {
      if (!(root instanceof IpldLink link)) {
        throw new InvalidCarException("CAR roots must be CIDs, found a " + root.kind());
      }
      roots.add(link.cid());
    }
    return List.copyOf(roots);
  }

  /**
   * A varint length and that many bytes; null if the stream ends before the varint starts and
   * {@code endAllowed}.
   */
  private byte[] readLengthPrefixed(int max, String what, boolean endAllowed) throws IOException {
    long start = offset;
    VarintDecoder varint = new VarintDecoder();
    try {
      while (true) {
        int b = in.read();
        if (b < 0) {
          if (varint.bytesSeen() == 0 && endAllowed) {
            return null;
          }
          throw new InvalidCarException(
              "the CAR ends inside the " + what + " length at byte " + offset);
        }
        offset++;
        if (varint.accept((byte) b)) {
          break;
        }
      }
    } catch (InvalidVarintException e) {
      throw new InvalidCarException(
          "bad " + what + " length at byte " + start + ": " + e.getMessage(), e);
    }
    long length = varint.value();
    if (length == 0) {
      throw new InvalidCarException("empty " + what + " at byte " + start);
    }
    if (length > max) {
      throw new InvalidCarException(
          what
              + " at byte "
              + start
              + " declares "
              + length
              + " bytes, more than the limit of "
              + max);
    }
    byte[] bytes = new byte[(int) length];
    int read = in.readNBytes(bytes, 0, bytes.length);
    offset += read;
    if (read < bytes.length) {
      throw new InvalidCarException(
          "the CAR ends inside the "
              + what
              + " at byte "
              + start
              + " ("
              + read
              + " of "
              + length
              + " bytes)",
          new EOFException());
    }
    return bytes;
  }
}
