package org.pinring.bench.libp2p;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.pinring.libp2p.internal.noise.AeadFactory;
import org.pinring.libp2p.internal.noise.ChaChaPoly;

/**
 * Single-core ChaCha20-Poly1305 encryption of one Noise frame's worth of plaintext (65519 bytes)
 * with each provider; throughput in MiB/s is {@code 65519 * ops/s / 2^20}.
 *
 * <pre>
 * mvn -B -q package -pl bench -am -DskipTests
 * java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.openjdk.jmh.Main AeadBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class AeadBenchmark {

  @Param({"conscrypt", "jdk"})
  public String provider;

  @Param({"direct", "heap"})
  public String buffers;

  private ChaChaPoly cipher;
  private ByteBuffer plaintext;
  private ByteBuffer ciphertext;
  private final byte[] nonce = new byte[ChaChaPoly.NONCE_BYTES];
  private long counter;

  @Setup
  public void setUp() {
    AeadFactory factory =
        provider.equals("jdk")
            ? AeadFactory.jdk()
            : AeadFactory.conscrypt().orElseThrow(() -> new IllegalStateException("no Conscrypt"));
    cipher = factory.create(new byte[32]);
    int size = 65519;
    boolean direct = buffers.equals("direct");
    plaintext = direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
    ciphertext =
        direct
            ? ByteBuffer.allocateDirect(size + ChaChaPoly.TAG_BYTES)
            : ByteBuffer.allocate(size + ChaChaPoly.TAG_BYTES);
  }

  @Benchmark
  public ByteBuffer encryptFrame() {
    long n = counter++;
    for (int i = 0; i < 8; i++) {
      nonce[4 + i] = (byte) (n >>> (8 * i));
    }
    plaintext.clear();
    ciphertext.clear();
    cipher.seal(nonce, new byte[0], plaintext, ciphertext);
    return ciphertext;
  }
}
