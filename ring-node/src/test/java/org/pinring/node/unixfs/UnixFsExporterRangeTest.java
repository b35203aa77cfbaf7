package org.pinring.node.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.pinring.multiformats.Cid;
import org.pinring.node.blockstore.BlockStore;
import org.pinring.node.dag.DagLimits;
import org.pinring.node.repo.RepoConfig;
import org.pinring.node.repo.Repository;

/** Byte ranges of a deep file DAG (97-byte chunks, 3 links per node: five levels). */
class UnixFsExporterRangeTest {

  @Property(tries = 200)
  void anyByteRangeOfADeepFileIsThatSliceOfTheFile(
      @ForAll @IntRange(min = 0, max = 12_000) int offset,
      @ForAll @IntRange(min = 0, max = 12_000) int length)
      throws IOException {
    byte[] content = PatternInputStream.bytes(10_007, 11, 5);
    Cid cid = shared.deepFile;

    byte[] slice = shared.cat(cid, offset, length);

    int from = Math.min(offset, content.length);
    int to = (int) Math.min((long) offset + length, content.length);
    assertThat(slice).isEqualTo(Arrays.copyOfRange(content, from, to));
  }

  /** A store with one deep file, shared by the property's tries. */
  private static SharedStore shared;

  @BeforeContainer
  static void openShared() throws IOException {
    shared = new SharedStore();
  }

  @AfterContainer
  static void closeShared() throws IOException {
    shared.close();
  }

  /** A repository holding one deep file (chunk 97 bytes, width 3) for the range property. */
  private static final class SharedStore implements AutoCloseable {
    final Path dir = Files.createTempDirectory("pinring-exporter");
    final Repository repository = Repository.create(dir, RepoConfig.defaults());
    final Cid deepFile;

    SharedStore() throws IOException {
      try (BlockStore.Session s = repository.blocks().openSession()) {
        deepFile =
            new UnixFsImporter(
                    ImportPreset.KUBO.options().withChunkSize(97).withMaxChildrenPerNode(3), s::put)
                .importBytes(PatternInputStream.bytes(10_007, 11, 5));
        repository.pins().add(deepFile);
      }
    }

    byte[] cat(Cid cid, long offset, long length) throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      new UnixFsExporter(repository.blocks(), DagLimits.defaults()).cat(cid, offset, length, out);
      return out.toByteArray();
    }

    @Override
    public void close() throws IOException {
      repository.close();
      try (var walk = Files.walk(dir)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
