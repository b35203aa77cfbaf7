package org.pinring.bench.allocator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pinring.allocator.PeerState;
import org.pinring.allocator.Pin;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multicodec;
import org.pinring.multiformats.Multihash;

/** Generated rings and pinsets for the allocator benchmarks; the same for every run. */
final class Rings {

  static final long MIB = 1L << 20;
  static final long GIB = 1L << 30;
  static final long TIB = 1L << 40;

  private Rings() {}

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  static Cid cid(long n) {
    byte[] digest = new byte[32];
    for (int word = 0; word < 4; word++) {
      long value = mix(n * 4 + word + 0xBE7C);
      for (int b = 0; b < 8; b++) {
        digest[word * 8 + b] = (byte) (value >>> (8 * b));
      }
    }
    return Cid.v1(Multicodec.RAW, Multihash.of(Multicodec.SHA2_256.code(), digest));
  }

  static String peerId(int n) {
    return String.format(Locale.ROOT, "12D3KooWbench%05d", n);
  }

  /** Equal peers of 2 TiB, or log-uniform capacities from 1 GiB to 2 TiB. */
  static List<PeerState> peers(int count, boolean heterogeneous) {
    List<PeerState> peers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long capacity = 2 * TIB;
      if (heterogeneous) {
        double u = (mix(i + 0x5EED) >>> 11) * 0x1.0p-53;
        capacity = (long) (GIB * Math.exp(u * Math.log(2048)));
      }
      peers.add(PeerState.of(peerId(i), capacity));
    }
    return peers;
  }

  /** {@code count} pins of 1 MiB at replication 3. */
  static List<Pin> pins(int count) {
    List<Pin> pins = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      pins.add(Pin.of(cid(i), MIB, 3));
    }
    return pins;
  }
}
