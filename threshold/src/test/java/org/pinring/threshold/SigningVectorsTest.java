package org.pinring.threshold;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pinring.threshold.internal.Hashes;
import org.pinring.threshold.internal.Scalar;

/**
 * RFC 9591 appendix E.1 and the Zcash Foundation's Ed25519 vectors, reproduced byte for byte from
 * the given nonce randomness by {@link TranscriptChecker}.
 */
class SigningVectorsTest {

  private static final HexFormat HEX = HexFormat.of();

  @ParameterizedTest
  @ValueSource(strings = {Vectors.RFC, Vectors.ZCASH, Vectors.ZCASH_BIG_IDENTIFIERS})
  void everyValueIsReproduced(String file) {
    Transcript transcript = TranscriptJson.read(Vectors.read(file));

    assertThat(TranscriptChecker.check(transcript)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {Vectors.RFC, Vectors.ZCASH, Vectors.ZCASH_BIG_IDENTIFIERS})
  void theJdkVerifiesEveryVectorSignature(String file) throws Exception {
    Transcript t = TranscriptJson.read(Vectors.read(file));

    assertThat(jdkVerify(t.groupPublicKey(), t.message(), t.signature())).isTrue();
  }

  @Test
  void intermediateValuesOfAppendixE1() {
    Transcript t = TranscriptJson.read(Vectors.read(Vectors.RFC));
    assertThat(HEX.formatHex(Hashes.h4(HEX.parseHex(t.message()))))
        .isEqualTo(
            "504df914fa965023fb75c25ded4bb260f417de6d32e5c442c6ba313791cc9a49"
                + "48d6273e8d3511f93348ea7a708a9b862bc73ba2a79cfdfe07729a193751cbc9");
    List<Identifier> signers = List.of(Identifier.of(1), Identifier.of(3));
    assertThat(HEX.formatHex(Polynomials.lagrangeAtZero(signers, Identifier.of(1)).toBytes()))
        .isEqualTo("f8e97a2e8d31092c6bce7b51ef7c6f0a00000000000000000000000000000008");
    assertThat(HEX.formatHex(Polynomials.lagrangeAtZero(signers, Identifier.of(3)).toBytes()))
        .isEqualTo("f6e97a2e8d31092c6bce7b51ef7c6f0a00000000000000000000000000000008");
    assertThat(t.signature())
        .startsWith("36282629c383bb820a88b71cae937d41f2f2adfcc3d02e55507e2fb9e2dd3cbe");
    Scalar c =
        Hashes.h2(
            HEX.parseHex(t.signature().substring(0, 64)),
            HEX.parseHex(t.groupPublicKey()),
            HEX.parseHex(t.message()));
    assertThat(HEX.formatHex(c.toBytes()))
        .isEqualTo("24ea12de76516c09d7fd0c320389b9dbfcaa349c7436967354ed11d04cd8b409");
  }

  @Test
  void aTamperedVectorIsReportedValueByValue() {
    String json = Vectors.read(Vectors.RFC).replace("001719ab5a53ee1a", "011719ab5a53ee1a");

    List<String> mismatches = TranscriptChecker.check(TranscriptJson.read(json));

    assertThat(mismatches).anyMatch(m -> m.startsWith("sig_share of 1"));
  }

  /** Standard, cofactorless RFC 8032 verification by the JDK's own provider. */
  static boolean jdkVerify(String publicKeyHex, String messageHex, String signatureHex)
      throws Exception {
    byte[] pk = HEX.parseHex(publicKeyHex);
    boolean xOdd = (pk[31] & 0x80) != 0;
    byte[] be = new byte[32];
    for (int i = 0; i < 32; i++) {
      be[i] = pk[31 - i];
    }
    be[0] &= 0x7f;
    EdECPoint point = new EdECPoint(xOdd, new BigInteger(1, be));
    PublicKey key =
        KeyFactory.getInstance("Ed25519")
            .generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, point));
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(key);
    verifier.update(HEX.parseHex(messageHex));
    return verifier.verify(HEX.parseHex(signatureHex));
  }
}
