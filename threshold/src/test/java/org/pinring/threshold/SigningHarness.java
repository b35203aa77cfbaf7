package org.pinring.threshold;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pinring.runtime.SecureRandomSource;

/** Runs a whole signing session in-process, as tests need it. */
final class SigningHarness {

  private SigningHarness() {}

  static Signature sign(
      Map<Identifier, KeyPackage> keys,
      List<Integer> signerIds,
      byte[] message,
      PublicKeyPackage publicKeys,
      SecureRandomSource random) {
    try {
      Map<Identifier, Signer> signers = new TreeMap<>();
      List<SigningCommitment> commitments = new ArrayList<>();
      for (int i : signerIds) {
        Signer s = new Signer(keys.get(Identifier.of(i)), new InMemoryNonceStore(), random);
        signers.put(Identifier.of(i), s);
      }
      for (Signer s : signers.values()) {
        commitments.add(s.commit());
      }
      SigningPackage pkg = new SigningPackage(message, commitments);
      Map<Identifier, SignatureShare> shares = new TreeMap<>();
      for (Map.Entry<Identifier, Signer> e : signers.entrySet()) {
        shares.put(e.getKey(), e.getValue().sign(pkg));
      }
      return Frost.aggregate(pkg, shares, publicKeys);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
