package org.pinring.bench.threshold;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
import org.openjdk.jmh.annotations.Warmup;
import org.pinring.runtime.SecureRandomSource;
import org.pinring.threshold.Frost;
import org.pinring.threshold.Identifier;
import org.pinring.threshold.InMemoryNonceStore;
import org.pinring.threshold.KeyPackage;
import org.pinring.threshold.PublicKeyPackage;
import org.pinring.threshold.Signature;
import org.pinring.threshold.SignatureShare;
import org.pinring.threshold.Signer;
import org.pinring.threshold.SigningCommitment;
import org.pinring.threshold.SigningPackage;
import org.pinring.threshold.TrustedDealer;

/**
 * Total compute of one FROST(Ed25519, SHA-512) signing session, all participants in one thread:
 * every signer's round one (nonces, commitments), every signer's round two (binding factors, group
 * commitment, share), and the coordinator's aggregation including verification of the result.
 * Verification alone is measured beside the JDK's and Bouncy Castle's Ed25519 verifiers.
 *
 * <p>Run (see docs/BENCHMARKS.md): {@code mvn -B -q package -pl bench -am -DskipTests && java -cp
 * "bench/target/pinring-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" org.openjdk.jmh.Main
 * 'org.pinring.bench.threshold'}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FrostBenchmark {

  /** "t-of-n". */
  @Param({"3-of-5", "7-of-10"})
  public String setting;

  private final SecureRandomSource random = new SecureRandomSource();
  private final byte[] message =
      "pin bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"
          .getBytes(StandardCharsets.UTF_8);
  private List<KeyPackage> signers;
  private PublicKeyPackage publicKeys;
  private Signature signature;
  private byte[] signatureBytes;
  private java.security.PublicKey jdkKey;
  private byte[] groupKey;

  @Setup
  public void setUp() throws Exception {
    int separator = setting.indexOf("-of-");
    int t = Integer.parseInt(setting.substring(0, separator));
    int n = Integer.parseInt(setting.substring(separator + 4));
    TrustedDealer.Dealt dealt = TrustedDealer.deal(t, n, random);
    publicKeys = dealt.publicKeys();
    signers = new ArrayList<>();
    for (int i = 1; i <= t; i++) {
      signers.add(dealt.shares().get(Identifier.of(i)).verify());
    }
    signature = signingSession();
    signatureBytes = signature.toBytes();
    groupKey = publicKeys.groupKey().toBytes();
    jdkKey = jdkPublicKey(groupKey);
  }

  @Benchmark
  public Signature signingSession() throws IOException {
    List<Signer> session = new ArrayList<>(signers.size());
    List<SigningCommitment> commitments = new ArrayList<>(signers.size());
    for (KeyPackage key : signers) {
      Signer signer = new Signer(key, new InMemoryNonceStore(), random);
      session.add(signer);
      commitments.add(signer.commit());
    }
    SigningPackage signingPackage = new SigningPackage(message, commitments);
    Map<Identifier, SignatureShare> shares = new TreeMap<>();
    for (Signer signer : session) {
      shares.put(signer.key().identifier(), signer.sign(signingPackage));
    }
    return Frost.aggregate(signingPackage, shares, publicKeys);
  }

  @Benchmark
  public boolean verifyCofactored() {
    return Frost.verify(publicKeys.groupKey(), message, signature);
  }

  @Benchmark
  public boolean verifyJdk() throws Exception {
    java.security.Signature verifier = java.security.Signature.getInstance("Ed25519");
    verifier.initVerify(jdkKey);
    verifier.update(message);
    return verifier.verify(signatureBytes);
  }

  @Benchmark
  public boolean verifyBouncyCastle() {
    return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(
        signatureBytes, 0, groupKey, 0, message, 0, message.length);
  }

  static java.security.PublicKey jdkPublicKey(byte[] encoded) throws Exception {
    boolean xOdd = (encoded[31] & 0x80) != 0;
    byte[] be = new byte[32];
    for (int i = 0; i < 32; i++) {
      be[i] = encoded[31 - i];
    }
    be[0] &= 0x7f;
    return java.security.KeyFactory.getInstance("Ed25519")
        .generatePublic(
            new java.security.spec.EdECPublicKeySpec(
                java.security.spec.NamedParameterSpec.ED25519,
                new java.security.spec.EdECPoint(xOdd, new java.math.BigInteger(1, be))));
  }
}
