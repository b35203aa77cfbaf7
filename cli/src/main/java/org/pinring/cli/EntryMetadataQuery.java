package org.pinring.cli;

import org.pinring.node.unixfs.EntryMetadata;

/**
 * An entry's mode and mtime as the query parameters the daemon's {@code /add} reads (kubo's names:
 * {@code mode} in octal, {@code mtime} in seconds, {@code mtime-nsecs}); see docs/exchange.md.
 */
final class EntryMetadataQuery {

  private EntryMetadataQuery() {}

  /** The parameters joined by {@code &}, or the empty string for no metadata. */
  static String of(EntryMetadata metadata) {
    StringBuilder out = new StringBuilder();
    metadata.mode().ifPresent(mode -> out.append("mode=").append(String.format("%04o", mode)));
    metadata
        .mtime()
        .ifPresent(
            time -> {
              if (out.length() > 0) {
                out.append('&');
              }
              out.append("mtime=").append(time.seconds());
              time.nanos().ifPresent(nanos -> out.append("&mtime-nsecs=").append(nanos));
            });
    return out.toString();
  }
}
