package org.pinring.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.pinring.node.unixfs.EntryMetadata;

/**
 * A directory tree as the {@code multipart/form-data} body the daemon's {@code /add} takes (see
 * docs/exchange.md): one part per entry, in the order a local {@code pinring add -r} walks the tree
 * (depth first, a directory before its entries, siblings by UTF-8 bytes of their names, dot-names
 * only with {@code hidden}), so the daemon computes the same CIDs. Files are opened one at a time
 * as the body is sent. Mode and mtime, when asked for, travel in each part's form name as kubo's
 * clients send them ({@code name="file?mode=0644&mtime=..."}).
 */
final class MultipartTreeBody {

  /** A fresh random boundary per body, so that no file content can contain it by accident. */
  private final String boundary = "pinring-" + UUID.randomUUID();

  private enum Kind {
    DIRECTORY,
    FILE,
    SYMLINK
  }

  private record Entry(String path, Path source, Kind kind, EntryMetadata metadata) {}

  private final List<Entry> entries = new ArrayList<>();
  private final boolean preserveMode;
  private final boolean preserveMtime;

  private MultipartTreeBody(boolean preserveMode, boolean preserveMtime) {
    this.preserveMode = preserveMode;
    this.preserveMtime = preserveMtime;
  }

  /**
   * Lists the tree under {@code directory}.
   *
   * @throws UserInputException for an entry that is not a file, directory or symbolic link
   */
  static MultipartTreeBody of(Path directory, boolean hidden) throws IOException {
    return of(directory, hidden, false, false);
  }

  /**
   * Lists the tree under {@code directory}, each entry carrying its permission bits if {@code
   * preserveMode} and its modification time if {@code preserveMtime}.
   *
   * @throws UserInputException for an entry that is not a file, directory or symbolic link
   */
  static MultipartTreeBody of(
      Path directory, boolean hidden, boolean preserveMode, boolean preserveMtime)
      throws IOException {
    MultipartTreeBody body = new MultipartTreeBody(preserveMode, preserveMtime);
    Path absolute = directory.toAbsolutePath().normalize();
    String name = absolute.getFileName() == null ? "root" : absolute.getFileName().toString();
    body.walk(absolute, name, hidden);
    return body;
  }

  String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  int size() {
    return entries.size();
  }

  /** A fresh stream of the whole body (for each send attempt). */
  Supplier<InputStream> stream() {
    return () -> new Body(entries.iterator());
  }

  /** The parts one after another, then the closing delimiter; each file opened in its turn. */
  private final class Body extends InputStream {
    private final Iterator<Entry> next;
    private InputStream current;
    private boolean closed;

    Body(Iterator<Entry> next) {
      this.next = next;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      while (true) {
        if (current == null) {
          if (next.hasNext()) {
            current = part(next.next());
          } else if (!closed) {
            closed = true;
            current = ascii("--" + boundary + "--\r\n");
          } else {
            return -1;
          }
        }
        int read = current.read(buffer, offset, length);
        if (read >= 0) {
          return read;
        }
        current.close();
        current = null;
      }
    }

    @Override
    public void close() throws IOException {
      if (current != null) {
        current.close();
      }
    }
  }

  private void walk(Path directory, String path, boolean hidden) throws IOException {
    entries.add(new Entry(path, directory, Kind.DIRECTORY, metadata(directory)));
    for (Path child : sortedChildren(directory, hidden)) {
      String childPath = path + "/" + child.getFileName();
      BasicFileAttributes attributes =
          Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (attributes.isDirectory()) {
        walk(child, childPath, hidden);
      } else if (attributes.isSymbolicLink()) {
        entries.add(new Entry(childPath, child, Kind.SYMLINK, metadata(child)));
      } else if (attributes.isRegularFile()) {
        entries.add(new Entry(childPath, child, Kind.FILE, metadata(child)));
      } else {
        throw new UserInputException(child + " is not a regular file, directory or symlink");
      }
    }
  }

  private EntryMetadata metadata(Path path) throws IOException {
    return EntryMetadata.read(path, preserveMode, preserveMtime);
  }

  private static List<Path> sortedChildren(Path directory, boolean hidden) throws IOException {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
      for (Path child : stream) {
        if (hidden || !child.getFileName().toString().startsWith(".")) {
          children.add(child);
        }
      }
    }
    children.sort(
        (a, b) ->
            Arrays.compareUnsigned(
                a.getFileName().toString().getBytes(StandardCharsets.UTF_8),
                b.getFileName().toString().getBytes(StandardCharsets.UTF_8)));
    return children;
  }

  private InputStream part(Entry entry) {
    String type =
        switch (entry.kind()) {
          case DIRECTORY -> "application/x-directory";
          case SYMLINK -> "application/symlink";
          case FILE -> "application/octet-stream";
        };
    String metadata = EntryMetadataQuery.of(entry.metadata());
    InputStream head =
        ascii(
            "--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file"
                + (metadata.isEmpty() ? "" : "?" + metadata)
                + "\"; filename=\""
                + encode(entry.path())
                + "\"\r\nContent-Type: "
                + type
                + "\r\n\r\n");
    InputStream content;
    try {
      content =
          switch (entry.kind()) {
            case DIRECTORY -> InputStream.nullInputStream();
            case SYMLINK ->
                new ByteArrayInputStream(
                    Files.readSymbolicLink(entry.source())
                        .toString()
                        .getBytes(StandardCharsets.UTF_8));
            case FILE -> Files.newInputStream(entry.source());
          };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new SequenceInputStream(new SequenceInputStream(head, content), ascii("\r\n"));
  }

  /** Percent-encodes every byte but unreserved characters (RFC 3986) and '/'. */
  static String encode(String path) {
    StringBuilder out = new StringBuilder();
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~'
          || c == '/') {
        out.append((char) c);
      } else {
        out.append('%')
            .append(Character.forDigit(c >> 4, 16))
            .append(Character.forDigit(c & 15, 16));
      }
    }
    return out.toString();
  }

  private static InputStream ascii(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
  }
}
