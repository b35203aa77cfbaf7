package org.pinring.node.daemon;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.pinring.multiformats.ipld.UnixFsData;
import org.pinring.node.unixfs.EntryMetadata;

/**
 * UnixFS metadata sent to {@code POST /add} as the parameters kubo's {@code /api/v0/add} uses:
 * {@code mode} (octal; permission bits kept), {@code mtime} (seconds since the Unix epoch, may be
 * negative) and {@code mtime-nsecs} (the fraction of that second). A single file sends them in the
 * request's query; a multipart tree sends them per entry in the query part of the part's form
 * {@code name} ({@code name="file?mode=0644&mtime=1700000000"}), as kubo's RPC clients do.
 *
 * <p>Unlike kubo, which ignores a value it cannot parse, a bad value is refused: a silently dropped
 * mode or time would give a CID other than the one the sender computes locally.
 */
final class EntryMetadataParameters {

  static final String MODE = "mode";
  static final String MTIME = "mtime";
  static final String MTIME_NSECS = "mtime-nsecs";

  private EntryMetadataParameters() {}

  /**
   * The metadata in {@code parameters}; {@link EntryMetadata#NONE} if there is none.
   *
   * @throws ApiException (400) for a malformed or out-of-range value
   */
  static EntryMetadata parse(Map<String, List<String>> parameters) {
    OptionalInt mode = OptionalInt.empty();
    String modeText = single(parameters, MODE);
    if (modeText != null) {
      mode = OptionalInt.of(parseMode(modeText));
    }
    String secondsText = single(parameters, MTIME);
    String nanosText = single(parameters, MTIME_NSECS);
    if (secondsText == null && nanosText != null) {
      throw new ApiException(400, MTIME_NSECS + " without " + MTIME);
    }
    Optional<UnixFsData.UnixTime> mtime = Optional.empty();
    if (secondsText != null) {
      long seconds = parseLong(MTIME, secondsText);
      int nanos = nanosText == null ? 0 : parseNanos(nanosText);
      // A zero fraction is left out, as a local import of a file with whole-second mtime does.
      mtime =
          Optional.of(
              new UnixFsData.UnixTime(
                  seconds, nanos == 0 ? OptionalInt.empty() : OptionalInt.of(nanos)));
    }
    return new EntryMetadata(mode, mtime);
  }

  /** The metadata of a multipart entry, from the query in its form name (if any). */
  static EntryMetadata ofPart(MultipartReader.Part part) {
    String name = part.disposition("name");
    if (name == null) {
      return EntryMetadata.NONE;
    }
    int question = name.indexOf('?');
    return question < 0 ? EntryMetadata.NONE : parse(HttpApi.query(name.substring(question + 1)));
  }

  private static String single(Map<String, List<String>> parameters, String key) {
    List<String> values = parameters.get(key);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw new ApiException(400, "more than one " + key + " value");
    }
    return values.get(0);
  }

  private static int parseMode(String text) {
    if (text.isEmpty() || text.length() > 6 || !text.chars().allMatch(c -> c >= '0' && c <= '7')) {
      throw new ApiException(400, "mode '" + text + "' is not an octal number of up to 6 digits");
    }
    // A whole st_mode (e.g. 100644) is accepted: only its permission bits are kept, as a local
    // import keeps them.
    return Integer.parseInt(text, 8) & 07777;
  }

  private static int parseNanos(String text) {
    long nanos = parseLong(MTIME_NSECS, text);
    if (nanos < 0 || nanos > 999_999_999) {
      throw new ApiException(400, MTIME_NSECS + " must be in [0, 999999999], not " + text);
    }
    return (int) nanos;
  }

  private static long parseLong(String key, String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new ApiException(400, key + " '" + text + "' is not a whole number");
    }
  }
}
