package org.pinring.threshold;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.pinring.multiformats.ipld.DagCbor;
import org.pinring.multiformats.ipld.InvalidIpldException;
import org.pinring.multiformats.ipld.Ipld;
import org.pinring.multiformats.ipld.IpldBytes;
import org.pinring.multiformats.ipld.IpldList;
import org.pinring.multiformats.ipld.IpldMap;

/**
 * The versioned DAG-CBOR forms of the threshold module's values. Every form is a map with a {@code
 * type} string and a version {@code v} (currently 1); scalars and elements are byte strings in
 * their RFC 9591 serialisations (32 bytes), identifiers too. Encoding is canonical (the
 * multiformats codec sorts keys and uses shortest headers), so equal values give equal bytes.
 *
 * <p>Decoding is strict: canonical DAG-CBOR only, at most {@link #MAX_ENCODED_BYTES}, exactly the
 * known keys, the right type and version, and every scalar and element validated as RFC 9591
 * requires. Every failure is a {@link MalformedInputException} (or a {@link
 * ProtocolViolationException} for well-formed values that break a protocol rule, such as an
 * unsorted commitment list).
 */
public final class FrostCbor {

  /** Largest encoded value accepted (a signing package carries the message). */
  public static final int MAX_ENCODED_BYTES = SigningPackage.MAX_MESSAGE_BYTES + (256 << 10);

  public static final int VERSION = 1;

  static final String KEY_PACKAGE = "frost-key-package";
  static final String PUBLIC_KEY_PACKAGE = "frost-public-key-package";
  static final String SECRET_SHARE = "frost-secret-share";
  static final String COMMITMENT = "frost-commitment";
  static final String SIGNING_PACKAGE = "frost-signing-package";
  static final String SIGNATURE_SHARE = "frost-signature-share";
  static final String TRANSCRIPT = "frost-signing-transcript";
  static final String DKG_ROUND1 = "frost-dkg-round1";
  static final String DKG_ROUND2 = "frost-dkg-round2";

  private FrostCbor() {}

  // ---- encoding --------------------------------------------------------------------------------

  private static IpldMap.Builder header(String type) {
    return IpldMap.builder().put("type", type).put("v", VERSION);
  }

  public static byte[] encode(KeyPackage k) {
    return DagCbor.encode(
        header(KEY_PACKAGE)
            .put("id", k.identifier().toBytes())
            .put("signingShare", k.signingShareBytes())
            .put("verifyingShare", k.verifyingShare().toBytes())
            .put("groupKey", k.groupKey().toBytes())
            .put("minSigners", k.minSigners())
            .build());
  }

  public static byte[] encode(PublicKeyPackage p) {
    List<Ipld> shares = new ArrayList<>();
    for (Map.Entry<Identifier, GroupElement> e : p.verifyingShares().entrySet()) {
      shares.add(
          IpldMap.builder()
              .put("id", e.getKey().toBytes())
              .put("verifyingShare", e.getValue().toBytes())
              .build());
    }
    return DagCbor.encode(
        header(PUBLIC_KEY_PACKAGE)
            .put("groupKey", p.groupKey().toBytes())
            .put("minSigners", p.minSigners())
            .put("verifyingShares", new IpldList(shares))
            .build());
  }

  public static byte[] encode(SecretShare s) {
    return DagCbor.encode(
        header(SECRET_SHARE)
            .put("id", s.identifier().toBytes())
            .put("share", s.shareBytes())
            .put("commitment", elements(s.commitment().elements()))
            .build());
  }

  public static byte[] encode(SigningCommitment c) {
    return DagCbor.encode(commitmentMap(header(COMMITMENT), c).build());
  }

  private static IpldMap.Builder commitmentMap(IpldMap.Builder b, SigningCommitment c) {
    return b.put("id", c.identifier().toBytes())
        .put("hiding", c.hiding().toBytes())
        .put("binding", c.binding().toBytes());
  }

  public static byte[] encode(SigningPackage p) {
    return DagCbor.encode(signingPackageMap(p));
  }

  private static IpldMap signingPackageMap(SigningPackage p) {
    List<Ipld> commitments = new ArrayList<>();
    for (SigningCommitment c : p.commitments()) {
      commitments.add(commitmentMap(IpldMap.builder(), c).build());
    }
    return header(SIGNING_PACKAGE)
        .put("message", p.messageView())
        .put("commitments", new IpldList(commitments))
        .build();
  }

  public static byte[] encode(SignatureShare s) {
    return DagCbor.encode(
        header(SIGNATURE_SHARE)
            .put("id", s.identifier().toBytes())
            .put("share", s.shareBytes())
            .build());
  }

  public static byte[] encode(SigningTranscript t) {
    List<Ipld> shares = new ArrayList<>();
    for (SignatureShare s : t.shares().values()) {
      shares.add(
          IpldMap.builder()
              .put("id", s.identifier().toBytes())
              .put("share", s.shareBytes())
              .build());
    }
    return DagCbor.encode(
        header(TRANSCRIPT)
            .put("groupKey", t.groupKey().toBytes())
            .put("signingPackage", signingPackageMap(t.signingPackage()))
            .put("shares", new IpldList(shares))
            .put("signature", t.signature().toBytes())
            .build());
  }

  public static byte[] encode(DkgParticipant.Round1Package p) {
    return DagCbor.encode(
        header(DKG_ROUND1)
            .put("id", p.sender().toBytes())
            .put("commitment", elements(p.commitment().elements()))
            .put("proof", p.proof().toBytes())
            .build());
  }

  public static byte[] encode(DkgParticipant.Round2Package p) {
    return DagCbor.encode(
        header(DKG_ROUND2)
            .put("from", p.sender().toBytes())
            .put("to", p.recipient().toBytes())
            .put("share", p.share().toBytes())
            .build());
  }

  private static IpldList elements(List<GroupElement> elements) {
    List<Ipld> out = new ArrayList<>();
    for (GroupElement e : elements) {
      out.add(new IpldBytes(e.toBytes()));
    }
    return new IpldList(out);
  }

  // ---- decoding --------------------------------------------------------------------------------

  /** Runs a decoding step, turning codec errors into {@link MalformedInputException}. */
  private interface Step<T> {
    T run();
  }

  private static <T> T guarded(String what, Step<T> step) {
    try {
      return step.run();
    } catch (InvalidIpldException e) {
      throw new MalformedInputException("bad " + what + ": " + e.getMessage(), e);
    }
  }

  private static IpldMap open(byte[] bytes, String type, Set<String> fields) {
    if (bytes.length > MAX_ENCODED_BYTES) {
      throw new MalformedInputException(
          type + " of " + bytes.length + " bytes exceeds " + MAX_ENCODED_BYTES);
    }
    Ipld value =
        DagCbor.decode(
            bytes,
            DagCbor.DecodeOptions.strictDefaults().withMaxBytes(MAX_ENCODED_BYTES).withMaxDepth(8));
    if (!(value instanceof IpldMap map)) {
      throw new MalformedInputException(type + " must be a map, found " + value.kind());
    }
    return checkHeader(map, type, fields);
  }

  private static IpldMap checkHeader(IpldMap map, String type, Set<String> fields) {
    // Type and version first: they say what the rest should be.
    if (!type.equals(map.string("type"))) {
      throw new MalformedInputException("expected a " + type + ", found a " + map.string("type"));
    }
    long version = map.integer("v");
    if (version != VERSION) {
      throw new MalformedInputException(type + " version " + version + " is not supported");
    }
    Set<String> allowed = new java.util.HashSet<>(fields);
    allowed.add("type");
    allowed.add("v");
    map.requireOnlyKeys(allowed);
    for (String f : fields) {
      map.require(f);
    }
    return map;
  }

  private static Identifier id(IpldMap m, String key) {
    return Identifier.fromBytes(m.bytes(key));
  }

  private static GroupElement element(IpldMap m, String key) {
    return GroupElement.fromBytes(m.bytes(key));
  }

  private static int smallInt(IpldMap m, String key) {
    long v = m.integer(key);
    if (v < 0 || v > Limits.MAX_PARTICIPANTS) {
      throw new MalformedInputException(key + " out of range: " + v);
    }
    return (int) v;
  }

  private static IpldList boundedList(IpldMap m, String key) {
    IpldList list = m.list(key);
    if (list.size() > Limits.MAX_PARTICIPANTS) {
      throw new MalformedInputException(
          key + " has more than " + Limits.MAX_PARTICIPANTS + " entries");
    }
    return list;
  }

  private static List<GroupElement> elementList(IpldMap m, String key) {
    List<GroupElement> out = new ArrayList<>();
    for (Ipld item : boundedList(m, key).items()) {
      if (!(item instanceof IpldBytes b)) {
        throw new MalformedInputException(key + " must hold byte strings");
      }
      out.add(GroupElement.fromBytes(b.value()));
    }
    if (out.isEmpty()) {
      throw new MalformedInputException(key + " is empty");
    }
    return out;
  }

  private static IpldMap asMap(Ipld item, String what) {
    if (!(item instanceof IpldMap map)) {
      throw new MalformedInputException(what + " must be a map, found " + item.kind());
    }
    return map;
  }

  /**
   * @throws MalformedInputException or ProtocolViolationException, see the class comment
   */
  public static KeyPackage decodeKeyPackage(byte[] bytes) {
    return guarded(
        KEY_PACKAGE,
        () -> {
          IpldMap m =
              open(
                  bytes,
                  KEY_PACKAGE,
                  Set.of("id", "signingShare", "verifyingShare", "groupKey", "minSigners"));
          return KeyPackage.fromParts(
              id(m, "id"),
              m.bytes("signingShare"),
              element(m, "verifyingShare"),
              element(m, "groupKey"),
              smallInt(m, "minSigners"));
        });
  }

  public static PublicKeyPackage decodePublicKeyPackage(byte[] bytes) {
    return guarded(
        PUBLIC_KEY_PACKAGE,
        () -> {
          IpldMap m =
              open(bytes, PUBLIC_KEY_PACKAGE, Set.of("groupKey", "minSigners", "verifyingShares"));
          Map<Identifier, GroupElement> shares = new LinkedHashMap<>();
          Identifier previous = null;
          for (Ipld item : boundedList(m, "verifyingShares").items()) {
            IpldMap entry = asMap(item, "a verifying share entry");
            entry.requireOnlyKeys(Set.of("id", "verifyingShare"));
            Identifier id = id(entry, "id");
            if (previous != null && previous.compareTo(id) >= 0) {
              throw new MalformedInputException(
                  "verifying shares are not in ascending identifier order");
            }
            previous = id;
            shares.put(id, element(entry, "verifyingShare"));
          }
          return new PublicKeyPackage(element(m, "groupKey"), shares, smallInt(m, "minSigners"));
        });
  }

  public static SecretShare decodeSecretShare(byte[] bytes) {
    return guarded(
        SECRET_SHARE,
        () -> {
          IpldMap m = open(bytes, SECRET_SHARE, Set.of("id", "share", "commitment"));
          return SecretShare.fromParts(
              id(m, "id"),
              m.bytes("share"),
              VssCommitment.fromElements(elementList(m, "commitment")));
        });
  }

  private static SigningCommitment commitmentFrom(IpldMap m) {
    return new SigningCommitment(id(m, "id"), element(m, "hiding"), element(m, "binding"));
  }

  public static SigningCommitment decodeCommitment(byte[] bytes) {
    return guarded(
        COMMITMENT,
        () -> commitmentFrom(open(bytes, COMMITMENT, Set.of("id", "hiding", "binding"))));
  }

  private static SigningPackage signingPackageFrom(IpldMap m) {
    List<SigningCommitment> commitments = new ArrayList<>();
    for (Ipld item : boundedList(m, "commitments").items()) {
      IpldMap entry = asMap(item, "a commitment");
      entry.requireOnlyKeys(Set.of("id", "hiding", "binding"));
      commitments.add(commitmentFrom(entry));
    }
    return new SigningPackage(m.bytes("message"), commitments);
  }

  public static SigningPackage decodeSigningPackage(byte[] bytes) {
    return guarded(
        SIGNING_PACKAGE,
        () -> signingPackageFrom(open(bytes, SIGNING_PACKAGE, Set.of("message", "commitments"))));
  }

  public static SignatureShare decodeSignatureShare(byte[] bytes) {
    return guarded(
        SIGNATURE_SHARE,
        () -> {
          IpldMap m = open(bytes, SIGNATURE_SHARE, Set.of("id", "share"));
          return SignatureShare.fromBytes(id(m, "id"), m.bytes("share"));
        });
  }

  public static SigningTranscript decodeTranscript(byte[] bytes) {
    return guarded(
        TRANSCRIPT,
        () -> {
          IpldMap m =
              open(bytes, TRANSCRIPT, Set.of("groupKey", "signingPackage", "shares", "signature"));
          IpldMap pkg =
              checkHeader(
                  asMap(m.require("signingPackage"), "signingPackage"),
                  SIGNING_PACKAGE,
                  Set.of("message", "commitments"));
          SortedMap<Identifier, SignatureShare> shares = new TreeMap<>();
          for (Ipld item : boundedList(m, "shares").items()) {
            IpldMap entry = asMap(item, "a share");
            entry.requireOnlyKeys(Set.of("id", "share"));
            SignatureShare s = SignatureShare.fromBytes(id(entry, "id"), entry.bytes("share"));
            if (shares.put(s.identifier(), s) != null) {
              throw new MalformedInputException("two shares from " + s.identifier());
            }
          }
          return new SigningTranscript(
              element(m, "groupKey"),
              signingPackageFrom(pkg),
              shares,
              Signature.fromBytes(m.bytes("signature")));
        });
  }

  public static DkgParticipant.Round1Package decodeDkgRound1(byte[] bytes) {
    return guarded(
        DKG_ROUND1,
        () -> {
          IpldMap m = open(bytes, DKG_ROUND1, Set.of("id", "commitment", "proof"));
          return new DkgParticipant.Round1Package(
              id(m, "id"),
              VssCommitment.fromElements(elementList(m, "commitment")),
              Signature.fromBytes(m.bytes("proof")));
        });
  }

  public static DkgParticipant.Round2Package decodeDkgRound2(byte[] bytes) {
    return guarded(
        DKG_ROUND2,
        () -> {
          IpldMap m = open(bytes, DKG_ROUND2, Set.of("from", "to", "share"));
          return new DkgParticipant.Round2Package(
              id(m, "from"), id(m, "to"), SecretValue.fromBytes(m.bytes("share")));
        });
  }
}
