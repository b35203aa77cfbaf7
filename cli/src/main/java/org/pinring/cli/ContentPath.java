package org.pinring.cli;

import org.pinring.multiformats.Cid;

/**
 * A {@code CID[/path]} argument, optionally prefixed with {@code /ipfs/}.
 *
 * @param root the CID
 * @param path the path below it, {@code ""} for the root
 */
record ContentPath(Cid root, String path) {

  /** Parses the argument; a malformed CID fails with the CID parser's message (exit code 3). */
  static ContentPath parse(String text) {
    String rest = text.strip();
    if (rest.startsWith("/ipfs/")) {
      rest = rest.substring("/ipfs/".length());
    }
    int slash = rest.indexOf('/');
    String cid = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash + 1);
    return new ContentPath(Cid.parse(cid), path);
  }

  /** The last path component, or the CID: a default name for what {@code get} writes. */
  String lastName() {
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    int slash = trimmed.lastIndexOf('/');
    String name = slash < 0 ? trimmed : trimmed.substring(slash + 1);
    return name.isEmpty() ? root.toString() : name;
  }
}
