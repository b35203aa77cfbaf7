package org.pinring.node.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.pinring.multiformats.Cid;
import org.pinring.node.unixfs.EntryMetadata;
import org.pinring.node.unixfs.TreeImport;
import org.pinring.node.unixfs.UnixFsImporter;

/**
 * A directory tree sent to {@code POST /add} as {@code multipart/form-data}, in the shape kubo's
 * {@code /api/v0/add} takes: one part per entry, its path (percent-encoded UTF-8, {@code /} between
 * names) as the {@code filename} of its Content-Disposition; a directory is a part of type {@code
 * application/x-directory}, a symbolic link one of type {@code application/symlink} whose body is
 * the target, anything else a file whose body is its bytes. The first part is the root directory;
 * every other path starts with its name. Parts in the order of {@code pinring add -r} (depth first,
 * siblings by UTF-8 bytes) give the CIDs a local import gives. An entry's mode and mtime, if sent,
 * travel in its form name (see {@link EntryMetadataParameters}).
 */
final class MultipartTree {

  static final String DIRECTORY = "application/x-directory";
  static final String SYMLINK = "application/symlink";

  /** Entries in one tree. */
  static final int MAX_ENTRIES = 1 << 18;

  /** Bytes of one entry's path. */
  static final int MAX_PATH_BYTES = 4096;

  /** Bytes of a symbolic link's target. */
  static final int MAX_SYMLINK_BYTES = 4096;

  private MultipartTree() {}

  static boolean isDirectory(MultipartReader.Part part) {
    return DIRECTORY.equals(type(part));
  }

  /**
   * Imports the tree whose root directory is {@code first}, reading the rest of {@code parts}.
   *
   * @throws ApiException (400) for a malformed path, an entry outside the root, or too many
   */
  static Cid importTree(UnixFsImporter importer, MultipartReader.Part first, MultipartReader parts)
      throws IOException {
    List<String> rootPath = path(first);
    if (rootPath.size() != 1) {
      throw new ApiException(400, "the first part must be the root directory, a single name");
    }
    String rootName = rootPath.get(0);
    try {
      TreeImport tree = importer.importTree(rootName, EntryMetadataParameters.ofPart(first));
      int count = 0;
      for (Optional<MultipartReader.Part> next = parts.next();
          next.isPresent();
          next = parts.next()) {
        if (++count > MAX_ENTRIES) {
          throw new ApiException(400, "a tree of more than " + MAX_ENTRIES + " entries");
        }
        MultipartReader.Part part = next.get();
        List<String> path = path(part);
        if (path.size() < 2 || !path.get(0).equals(rootName)) {
          throw new ApiException(
              400, "'" + String.join("/", path) + "' is not inside '" + rootName + "'");
        }
        List<String> inside = path.subList(1, path.size());
        String type = type(part);
        EntryMetadata metadata = EntryMetadataParameters.ofPart(part);
        if (DIRECTORY.equals(type)) {
          tree.addDirectory(inside, metadata);
        } else if (SYMLINK.equals(type)) {
          tree.addSymlink(inside, symlinkTarget(part), metadata);
        } else {
          tree.addFile(inside, part.body(), metadata);
        }
      }
      return tree.finish();
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, e.getMessage());
    }
  }

  private static String type(MultipartReader.Part part) {
    String type = part.header("content-type");
    if (type == null) {
      return "";
    }
    int semicolon = type.indexOf(';');
    return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }

  private static String symlinkTarget(MultipartReader.Part part) throws IOException {
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    byte[] buffer = new byte[512];
    for (int read = part.body().read(buffer); read >= 0; read = part.body().read(buffer)) {
      if (target.size() + read > MAX_SYMLINK_BYTES) {
        throw new ApiException(400, "symbolic link target longer than " + MAX_SYMLINK_BYTES);
      }
      target.write(buffer, 0, read);
    }
    return target.toString(StandardCharsets.UTF_8);
  }

  /** The part's path: its filename, percent-decoded (strictly: no '+' for space), split at '/'. */
  static List<String> path(MultipartReader.Part part) {
    String filename = part.disposition("filename");
    if (filename == null || filename.isEmpty()) {
      throw new ApiException(400, "a multipart entry without a filename");
    }
    if (filename.length() > MAX_PATH_BYTES * 3) {
      throw new ApiException(400, "an entry path longer than " + MAX_PATH_BYTES + " bytes");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < filename.length(); i++) {
      char c = filename.charAt(i);
      if (c == '%') {
        if (i + 2 >= filename.length()) {
          throw new ApiException(400, "bad percent-encoding in '" + filename + "'");
        }
        int high = hexDigit(filename.charAt(i + 1));
        int low = hexDigit(filename.charAt(i + 2));
        if (high < 0 || low < 0) {
          throw new ApiException(400, "bad percent-encoding in '" + filename + "'");
        }
        bytes.write(high * 16 + low);
        i += 2;
      } else {
        int end = filename.indexOf('%', i);
        String run = filename.substring(i, end < 0 ? filename.length() : end);
        byte[] utf8 = run.getBytes(StandardCharsets.UTF_8);
        bytes.write(utf8, 0, utf8.length);
        i += run.length() - 1;
      }
    }
    if (bytes.size() > MAX_PATH_BYTES) {
      throw new ApiException(400, "an entry path longer than " + MAX_PATH_BYTES + " bytes");
    }
    String decoded = bytes.toString(StandardCharsets.UTF_8);
    return new ArrayList<>(List.of(decoded.split("/", -1)));
  }

  /** An ASCII hex digit's value, or -1 (RFC 3986 section 2.1: HEXDIG is ASCII only). */
  private static int hexDigit(char c) {
    return c < 0x80 ? Character.digit(c, 16) : -1;
  }
}
