package org.pinring.node.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pinring.node.unixfs.BlockWriting;
import org.pinring.node.unixfs.ImportPreset;

class RepoConfigTest {

  @ParameterizedTest
  @CsvSource({
    "200GiB, 214748364800",
    "1.5 TiB, 1649267441664",
    "500MB, 500000000",
    "4096, 4096",
    "10 kib, 10240",
    "2g, 2147483648"
  })
  void parsesSizesAsPeopleWriteThem(String text, long bytes) {
    assertThat(ByteSize.parse(text).bytes()).isEqualTo(bytes);
  }

  @Test
  void refusesSizesItCannotRead() {
    assertThatThrownBy(() -> ByteSize.parse("lots")).hasMessageContaining("not a size");
    assertThatThrownBy(() -> ByteSize.parse("3 furlongs")).hasMessageContaining("unknown unit");
    assertThatThrownBy(() -> ByteSize.parse("99999999999 TiB")).hasMessageContaining("too large");
  }

  @Test
  void formatsSizesForPeopleAndForConfig() {
    assertThat(ByteSize.format(1536)).isEqualTo("1.5 KiB");
    assertThat(ByteSize.format(200L << 30)).isEqualTo("200 GiB");
    assertThat(ByteSize.format(999)).isEqualTo("999 B");
    assertThat(ByteSize.parse("200GiB").toConfigText()).isEqualTo("200GiB");
    assertThat(ByteSize.ofBytes(1000).toConfigText()).isEqualTo("1000");
  }

  @Test
  void roundTripsThroughJson() {
    RepoConfig config = new RepoConfig(ByteSize.parse("3GiB"), ImportPreset.KUBO);

    assertThat(RepoConfig.parse(config.toJson())).isEqualTo(config);
    assertThat(config.toJson()).contains("\"lent\" : \"3GiB\"").contains("\"preset\" : \"kubo\"");
  }

  @Test
  void readsTheImportWritersAndWindowAndKeepsThemThroughJson() {
    RepoConfig config =
        RepoConfig.parse(
            "{\"formatVersion\":1,\"import\":{\"writers\":8,\"writeWindow\":\"64MiB\"},"
                + "\"api\":{\"listen\":\"127.0.0.1:6000\"}}");

    assertThat(config.blockWriting()).isEqualTo(new BlockWriting(8, 64L << 20));
    assertThat(RepoConfig.parse(config.toJson())).isEqualTo(config);
    assertThat(RepoConfig.parse("{\"formatVersion\":1}").blockWriting())
        .isEqualTo(BlockWriting.defaults());
  }

  @Test
  void refusesWriterSettingsOutsideTheirBounds() {
    assertThatThrownBy(() -> RepoConfig.parse("{\"formatVersion\":1,\"import\":{\"writers\":0}}"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("import.writers");
    assertThatThrownBy(
            () -> RepoConfig.parse("{\"formatVersion\":1,\"import\":{\"writers\":\"many\"}}"))
        .hasMessageContaining("import.writers must be a whole number");
    // Smaller than the largest block: that block could never be written.
    assertThatThrownBy(
            () -> RepoConfig.parse("{\"formatVersion\":1,\"import\":{\"writeWindow\":\"1MiB\"}}"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("import.writeWindow");
  }

  @Test
  void namesTheKeyThatIsWrong() {
    assertThatThrownBy(
            () -> RepoConfig.parse("{\"formatVersion\":1,\"storage\":{\"lnet\":\"1GiB\"}}"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("unknown key 'storage.lnet'");
    assertThatThrownBy(() -> RepoConfig.parse("{\"formatVersion\":1,\"storage\":{\"lent\":\"x\"}}"))
        .hasMessageContaining("storage.lent");
    assertThatThrownBy(() -> RepoConfig.parse("{\"formatVersion\":2}"))
        .hasMessageContaining("formatVersion must be 1");
    assertThatThrownBy(
            () -> RepoConfig.parse("{\"formatVersion\":1,\"import\":{\"preset\":\"x\"}}"))
        .hasMessageContaining("use helia or kubo");
    assertThatThrownBy(() -> RepoConfig.parse("not json")).hasMessageContaining("not valid JSON");
  }

  @Test
  void aRepositoryIsCreatedWithItsLayoutAndRefusesASecondOpener(@TempDir Path directory)
      throws IOException {
    try (Repository repository = Repository.create(directory, RepoConfig.defaults())) {
      assertThat(directory.resolve("config.json")).exists();
      assertThat(directory.resolve("state")).isDirectory();
      assertThat(directory.resolve("blocks/SHARDING")).exists();
      assertThat(repository.blocks().stats().quotaBytes()).isEqualTo(10L << 30);

      assertThatThrownBy(() -> Repository.open(directory))
          .isInstanceOfSatisfying(
              RepositoryInUseException.class,
              e -> {
                assertThat(e.holder()).contains(RepoLock.Holder.COMMAND);
                assertThat(e.pid()).hasValue(ProcessHandle.current().pid());
              })
          .hasMessageContaining(
              "another pinring command (process " + ProcessHandle.current().pid());
    }
    assertThatThrownBy(() -> Repository.create(directory, RepoConfig.defaults()))
        .hasMessageContaining("already exists");
    assertThatThrownBy(() -> Repository.open(directory.resolve("nothing")))
        .hasMessageContaining("no PinRing repository");
  }
}
