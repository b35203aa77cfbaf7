package org.pinring.multiformats.ipld;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.pinring.multiformats.protobuf.ProtobufReader;

/**
 * The UnixFS {@code Data} message (ipfs/specs, UNIXFS.md) carried in the Data field of a dag-pb
 * node: what kind of entry the node is, inline file bytes, file and block sizes, HAMT parameters,
 * and optional mode and modification time. Immutable; build one with {@link #builder(Type)}.
 *
 * <p>{@link #encode()} writes fields in field-number order, omitting absent ones, exactly as the js
 * reference ({@code ipfs-unixfs}) and kubo write them, so imported DAGs hash identically. {@link
 * #decode(byte[])} follows protobuf rules (unknown fields are skipped, repeated block sizes may be
 * packed or not) but rejects a missing or unknown type, wrong wire types and repeated singular
 * fields, and bounds every length by the bytes left.
 */
public final class UnixFsData {

  /** The UnixFS entry types with their protobuf enum values. */
  public enum Type {
    RAW(0),
    DIRECTORY(1),
    FILE(2),
    METADATA(3),
    SYMLINK(4),
    HAMT_SHARD(5);

    private final int value;

    Type(int value) {
      this.value = value;
    }

    public int value() {
      return value;
    }

    static Optional<Type> forValue(long value) {
      for (Type type : values()) {
        if (type.value == value) {
          return Optional.of(type);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * A modification time: seconds since the Unix epoch (may be negative) and optional nanoseconds.
   *
   * @param seconds whole seconds relative to 1970-01-01T00:00:00Z
   * @param nanos the fraction, 0 to 999,999,999, when present
   */
  public record UnixTime(long seconds, OptionalInt nanos) {
    public UnixTime {
      Objects.requireNonNull(nanos, "nanos");
      if (nanos.isPresent() && (nanos.getAsInt() < 0 || nanos.getAsInt() > 999_999_999)) {
        throw new IllegalArgumentException("nanoseconds out of range: " + nanos.getAsInt());
      }
    }
  }

  private static final int TYPE = 1;
  private static final int DATA = 2;
  private static final int FILE_SIZE = 3;
  private static final int BLOCK_SIZES = 4;
  private static final int HASH_TYPE = 5;
  private static final int FANOUT = 6;
  private static final int MODE = 7;
  private static final int MTIME = 8;
  private static final int MTIME_SECONDS = 1;
  private static final int MTIME_NANOS = 2;

  private final Type type;
  private final byte[] data;
  private final OptionalLong fileSize;
  private final long[] blockSizes;
  private final OptionalLong hashType;
  private final OptionalLong fanout;
  private final OptionalInt mode;
  private final Optional<UnixTime> mtime;

  private UnixFsData(Builder builder) {
    this.type = builder.type;
    this.data = builder.data;
    this.fileSize = builder.fileSize;
    this.blockSizes = Arrays.copyOf(builder.blockSizes, builder.blockSizeCount);
    this.hashType = builder.hashType;
    this.fanout = builder.fanout;
    this.mode = builder.mode;
    this.mtime = builder.mtime;
  }

  public static Builder builder(Type type) {
    return new Builder(type);
  }

  public Type type() {
    return type;
  }

  /** A copy of the inline data, if present. */
  public Optional<byte[]> data() {
    return data == null ? Optional.empty() : Optional.of(data.clone());
  }

  /** Length of the inline data without copying; 0 when absent. */
  public int dataLength() {
    return data == null ? 0 : data.length;
  }

  /** Copies {@code length} inline bytes from {@code offset} into {@code out}. */
  public void copyData(int offset, byte[] out, int outOffset, int length) {
    Objects.checkFromIndexSize(offset, length, dataLength());
    System.arraycopy(data, offset, out, outOffset, length);
  }

  public OptionalLong fileSize() {
    return fileSize;
  }

  /** A copy of the block sizes: the byte count of file data under each link, in link order. */
  public long[] blockSizes() {
    return blockSizes.clone();
  }

  public int blockSizeCount() {
    return blockSizes.length;
  }

  public long blockSize(int index) {
    return blockSizes[index];
  }

  public OptionalLong hashType() {
    return hashType;
  }

  public OptionalLong fanout() {
    return fanout;
  }

  /** The permission bits (and any higher bits the writer stored), if present. */
  public OptionalInt mode() {
    return mode;
  }

  public Optional<UnixTime> mtime() {
    return mtime;
  }

  public boolean isDirectory() {
    return type == Type.DIRECTORY || type == Type.HAMT_SHARD;
  }

  /** The protobuf encoding, fields in number order, absent fields omitted. */
  public byte[] encode() {
    ProtobufWriter out = new ProtobufWriter(dataLength() + 32 + blockSizes.length * 4);
    out.key(TYPE, ProtobufReader.WIRE_VARINT).varint(type.value);
    if (data != null) {
      out.lengthDelimited(DATA, data);
    }
    fileSize.ifPresent(v -> out.key(FILE_SIZE, ProtobufReader.WIRE_VARINT).varint(v));
    for (long size : blockSizes) {
      out.key(BLOCK_SIZES, ProtobufReader.WIRE_VARINT).varint(size);
    }
    hashType.ifPresent(v -> out.key(HASH_TYPE, ProtobufReader.WIRE_VARINT).varint(v));
    fanout.ifPresent(v -> out.key(FANOUT, ProtobufReader.WIRE_VARINT).varint(v));
    mode.ifPresent(v -> out.key(MODE, ProtobufReader.WIRE_VARINT).varint(v & 0xFFFF_FFFFL));
    if (mtime.isPresent()) {
      ProtobufWriter time = new ProtobufWriter(16);
      time.key(MTIME_SECONDS, ProtobufReader.WIRE_VARINT).varint(mtime.get().seconds());
      if (mtime.get().nanos().isPresent()) {
        time.key(MTIME_NANOS, ProtobufReader.WIRE_FIXED32).fixed32(mtime.get().nanos().getAsInt());
      }
      out.lengthDelimited(MTIME, time.toByteArray());
    }
    return out.toByteArray();
  }

  /**
   * Decodes a UnixFS Data message.
   *
   * @throws InvalidIpldException if the bytes are not a valid message
   */
  public static UnixFsData decode(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return new Decoder(
            new ProtobufReader(
                bytes, 0, bytes.length, InvalidIpldException.inProtobuf("invalid UnixFS data")))
        .read();
  }

  /** Reads one message; remembers which singular fields were seen to reject repeats. */
  private static final class Decoder {
    private final ProtobufReader in;
    private final boolean[] seen = new boolean[MTIME + 1];
    private Builder builder;
    private Type type;

    Decoder(ProtobufReader in) {
      this.in = in;
    }

    UnixFsData read() {
      Builder fields = new Builder(Type.FILE);
      builder = fields;
      while (in.hasMore()) {
        int keyStart = in.position();
        long key = in.readKey();
        int field = (int) (key >>> 3);
        int wireType = (int) (key & 7);
        if (field > MTIME) {
          in.skip(wireType, keyStart);
          continue;
        }
        if (field != BLOCK_SIZES) {
          if (seen[field]) {
            throw in.error(keyStart, "field " + field + " appears twice");
          }
          seen[field] = true;
        }
        readField(field, wireType, keyStart);
      }
      if (type == null) {
        throw in.error(0, "the Type field is missing");
      }
      fields.type = type;
      return fields.build();
    }

    private void readField(int field, int wireType, int keyStart) {
      switch (field) {
        case TYPE -> {
          expect(wireType, ProtobufReader.WIRE_VARINT, "Type", keyStart);
          long value = in.readVarint();
          type =
              Type.forValue(value)
                  .orElseThrow(() -> in.error(keyStart, "unknown UnixFS type " + value));
        }
        case DATA -> {
          expect(wireType, ProtobufReader.WIRE_LENGTH_DELIMITED, "Data", keyStart);
          builder.data = in.readBytes("Data");
        }
        case FILE_SIZE -> {
          expect(wireType, ProtobufReader.WIRE_VARINT, "filesize", keyStart);
          builder.fileSize = OptionalLong.of(in.readNonNegativeVarint("filesize"));
        }
        case BLOCK_SIZES -> readBlockSizes(wireType, keyStart);
        case HASH_TYPE -> {
          expect(wireType, ProtobufReader.WIRE_VARINT, "hashType", keyStart);
          builder.hashType = OptionalLong.of(in.readVarint());
        }
        case FANOUT -> {
          expect(wireType, ProtobufReader.WIRE_VARINT, "fanout", keyStart);
          builder.fanout = OptionalLong.of(in.readVarint());
        }
        case MODE -> {
          expect(wireType, ProtobufReader.WIRE_VARINT, "mode", keyStart);
          builder.mode = OptionalInt.of((int) in.readVarint());
        }
        case MTIME -> {
          expect(wireType, ProtobufReader.WIRE_LENGTH_DELIMITED, "mtime", keyStart);
          builder.mtime = Optional.of(readTime(in.nested(in.readLengthDelimited("mtime"))));
        }
        default -> in.skip(wireType, keyStart);
      }
    }

    private void readBlockSizes(int wireType, int keyStart) {
      if (wireType == ProtobufReader.WIRE_LENGTH_DELIMITED) {
        // Packed encoding: protobuf parsers must accept it for repeated scalars.
        ProtobufReader packed = in.nested(in.readLengthDelimited("blocksizes"));
        while (packed.hasMore()) {
          builder.addBlockSize(packed.readNonNegativeVarint("blocksize"));
        }
        return;
      }
      expect(wireType, ProtobufReader.WIRE_VARINT, "blocksizes", keyStart);
      builder.addBlockSize(in.readNonNegativeVarint("blocksize"));
    }

    private UnixTime readTime(ProtobufReader time) {
      Long seconds = null;
      Integer nanos = null;
      while (time.hasMore()) {
        int keyStart = time.position();
        long key = time.readKey();
        int field = (int) (key >>> 3);
        int wireType = (int) (key & 7);
        if (field == MTIME_SECONDS && wireType == ProtobufReader.WIRE_VARINT && seconds == null) {
          seconds = time.readVarint();
        } else if (field == MTIME_NANOS
            && wireType == ProtobufReader.WIRE_FIXED32
            && nanos == null) {
          nanos = time.readFixed32("FractionalNanoseconds");
          if (nanos < 0 || nanos > 999_999_999) {
            throw time.error(keyStart, "FractionalNanoseconds out of range: " + nanos);
          }
        } else if (field == MTIME_SECONDS || field == MTIME_NANOS) {
          throw time.error(keyStart, "bad or repeated UnixTime field " + field);
        } else {
          time.skip(wireType, keyStart);
        }
      }
      if (seconds == null) {
        throw time.error(0, "UnixTime without Seconds");
      }
      return new UnixTime(seconds, nanos == null ? OptionalInt.empty() : OptionalInt.of(nanos));
    }

    private void expect(int wireType, int expected, String name, int keyStart) {
      if (wireType != expected) {
        throw in.error(keyStart, "wrong wire type " + wireType + " for " + name);
      }
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof UnixFsData that
        && type == that.type
        && Arrays.equals(data, that.data)
        && fileSize.equals(that.fileSize)
        && Arrays.equals(blockSizes, that.blockSizes)
        && hashType.equals(that.hashType)
        && fanout.equals(that.fanout)
        && mode.equals(that.mode)
        && mtime.equals(that.mtime);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        type,
        Arrays.hashCode(data),
        fileSize,
        Arrays.hashCode(blockSizes),
        hashType,
        fanout,
        mode,
        mtime);
  }

  @Override
  public String toString() {
    return "UnixFsData[type="
        + type
        + ", data="
        + dataLength()
        + " bytes, fileSize="
        + fileSize
        + ", blockSizes="
        + blockSizes.length
        + ", hashType="
        + hashType
        + ", fanout="
        + fanout
        + ", mode="
        + mode
        + ", mtime="
        + mtime
        + "]";
  }

  /** Builds a {@link UnixFsData}. Not thread-safe. */
  public static final class Builder {
    private Type type;
    private byte[] data;
    private OptionalLong fileSize = OptionalLong.empty();
    private long[] blockSizes = new long[4];
    private int blockSizeCount;
    private OptionalLong hashType = OptionalLong.empty();
    private OptionalLong fanout = OptionalLong.empty();
    private OptionalInt mode = OptionalInt.empty();
    private Optional<UnixTime> mtime = Optional.empty();

    private Builder(Type type) {
      this.type = Objects.requireNonNull(type, "type");
    }

    /** Inline data; null means absent (the encoding then has no Data field). */
    public Builder data(byte[] bytes) {
      this.data = bytes == null ? null : bytes.clone();
      return this;
    }

    public Builder fileSize(long size) {
      if (size < 0) {
        throw new IllegalArgumentException("file size must not be negative: " + size);
      }
      this.fileSize = OptionalLong.of(size);
      return this;
    }

    public Builder addBlockSize(long size) {
      if (size < 0) {
        throw new IllegalArgumentException("block size must not be negative: " + size);
      }
      if (blockSizeCount == blockSizes.length) {
        blockSizes = Arrays.copyOf(blockSizes, blockSizes.length * 2);
      }
      blockSizes[blockSizeCount++] = size;
      return this;
    }

    public Builder hashType(long code) {
      this.hashType = OptionalLong.of(code);
      return this;
    }

    public Builder fanout(long fanout) {
      this.fanout = OptionalLong.of(fanout);
      return this;
    }

    public Builder mode(int mode) {
      this.mode = OptionalInt.of(mode);
      return this;
    }

    public Builder mtime(UnixTime time) {
      this.mtime = Optional.of(Objects.requireNonNull(time, "time"));
      return this;
    }

    public UnixFsData build() {
      return new UnixFsData(this);
    }
  }
}
