package org.pinring.crdt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.pinring.crdt.PinSet;
import org.pinring.crdt.kv.InMemoryKeyValueStore;
import org.pinring.crdt.kv.KeyValueStore;
import org.pinring.crdt.kv.LevelDbKeyValueStore;
import org.pinring.crdt.kv.StoreException;
import org.pinring.crdt.kv.WriteBatch;
import org.pinring.crdt.testing.CrashingKeyValueStore;
import org.pinring.crdt.testing.CrashingKeyValueStore.Moment;
import org.pinring.crdt.testing.RefusingKeyValueStore;
import org.pinring.crdt.testing.ReplicaNetwork;
import org.pinring.crdt.testing.TestRing;
import org.pinring.runtime.Simulation;

/**
 * Layout format 2 (one value per bucket) is migrated to format 3 (one entry per record) when a
 * replica opens: a store written by the format-2 code ({@link Format2Fixture}) must become exactly
 * the store this version writes for the same history, whatever point a crash or a refused write
 * interrupted the migration at.
 */
class FormatMigrationTest {

  /** Small batches, so that the fixture's migration takes many of them. */
  private static final int SMALL_BATCH = 8;

  private static List<String> format2;
  private static Format2Fixture.Built current;

  @TempDir Path temporary;

  @BeforeAll
  static void history() throws Exception {
    format2 = Format2Fixture.format2Dump();
    current = Format2Fixture.build();
  }

  @Test
  void theFixtureIsAFormat2StoreWithSharedBucketsAndEveryKindOfRecord() {
    KeyValueStore store = format2Store();
    assertThat(store.get(StoreLayout.formatKey())).containsExactly(2);
    int sharedBuckets = 0;
    int buckets = 0;
    try (var it = store.scan(StoreLayout.prefix(StoreLayout.BUCKET))) {
      while (it.hasNext()) {
        var entry = it.next();
        assertThat(entry.key()).hasSize(3);
        buckets++;
        sharedBuckets += ByteBuffer.wrap(entry.value()).getInt() > 1 ? 1 : 0;
      }
    }
    assertThat(buckets).isGreaterThan(8 * SMALL_BATCH);
    assertThat(sharedBuckets).isGreaterThanOrEqualTo(7);
    for (byte kind :
        new byte[] {StoreLayout.PIN_RECORD, StoreLayout.RING_RECORD, StoreLayout.RETIRED_RECORD}) {
      assertThat(format2).as("record kind %d", kind).anyMatch(line -> isRecordOfKind(line, kind));
    }
    assertThat(format2).anyMatch(line -> line.startsWith(hex(StoreLayout.UNSEEN)));
    assertThat(format2).anyMatch(line -> line.startsWith(hex(StoreLayout.CHECKPOINT)));
  }

  @Test
  void openingAFormat2StoreMigratesItToExactlyWhatThisVersionWrites() {
    KeyValueStore store = format2Store();
    PinSet pinSet = open(store);
    assertThat(pinSet.stateRoot()).isEqualTo(current.root());
    assertThat(pinSet.heads()).isEqualTo(current.heads());
    assertThat(ReplicaNetwork.states(pinSet)).isEqualTo(current.states());
    pinSet.close();
    assertThat(Format2Fixture.dump(store)).isEqualTo(Format2Fixture.dump(current.store()));
    // The rest of the store is untouched: only the bucket entries and the format byte differ.
    assertThat(withoutBucketsAndFormat(Format2Fixture.dump(store)))
        .isEqualTo(withoutBucketsAndFormat(format2));
  }

  @ParameterizedTest
  @EnumSource(Moment.class)
  void aMigrationKilledAtEveryWriteResumesOnTheNextOpen(Moment moment) throws Exception {
    int writes = countMigrationWrites();
    assertThat(writes).isGreaterThan(8);
    for (int crashAt = 1; crashAt <= writes; crashAt++) {
      Path directory = Files.createDirectory(temporary.resolve(moment + "-" + crashAt));
      try (LevelDbKeyValueStore store = LevelDbKeyValueStore.open(directory)) {
        Format2Fixture.load(format2, store);
      }
      CrashingKeyValueStore dying =
          new CrashingKeyValueStore(LevelDbKeyValueStore.open(directory), crashAt, moment);
      assertThatThrownBy(() -> FormatMigration.migrate(dying, SMALL_BATCH))
          .as("crash at write %d", crashAt)
          .isInstanceOf(CrashingKeyValueStore.SimulatedCrash.class);
      dying.close();

      try (LevelDbKeyValueStore reopened = LevelDbKeyValueStore.open(directory)) {
        // Resumed in small batches half of the time, by a plain open the other half.
        if (crashAt % 2 == 0
            && reopened.get(StoreLayout.formatKey())[0] == StoreLayout.FORMAT_WHOLE_BUCKETS) {
          FormatMigration.migrate(reopened, SMALL_BATCH);
        }
        PinSet pinSet = open(reopened);
        assertThat(pinSet.stateRoot()).as("crash at write %d", crashAt).isEqualTo(current.root());
        pinSet.close();
        assertThat(Format2Fixture.dump(reopened))
            .as("crash at write %d", crashAt)
            .isEqualTo(Format2Fixture.dump(current.store()));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 5})
  void aRefusedMigrationWriteFailsTheOpenAndTheNextOpenFinishesTheMigration(int refused) {
    RefusingKeyValueStore store = new RefusingKeyValueStore(format2Store());
    store.refuseWrites(refused, 1);
    assertThatThrownBy(() -> FormatMigration.migrate(store, SMALL_BATCH))
        .isInstanceOf(StoreException.class);
    assertThat(store.get(StoreLayout.formatKey())).containsExactly(2);

    PinSet pinSet = open(store);
    assertThat(pinSet.stateRoot()).isEqualTo(current.root());
    pinSet.close();
    assertThat(Format2Fixture.dump(store)).isEqualTo(Format2Fixture.dump(current.store()));
  }

  @Test
  void aFormat2BucketThatDoesNotListItsRecordsIsRefusedAndLeftAsItWas() {
    List<String> corrupted = new ArrayList<>(format2);
    int line = firstSharedBucketLine(corrupted);
    String entry = corrupted.get(line);
    // Flip one bit of the bucket's first record hash (after the key, a space and the count).
    int at = entry.indexOf(' ') + 1 + 8;
    char flipped = entry.charAt(at) == '0' ? '1' : '0';
    corrupted.set(line, entry.substring(0, at) + flipped + entry.substring(at + 1));
    KeyValueStore store = new InMemoryKeyValueStore();
    Format2Fixture.load(corrupted, store);

    assertThatThrownBy(() -> open(store))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("does not list exactly its records");
    assertThat(store.get(StoreLayout.formatKey())).containsExactly(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"01", "04", "ff", "0300"})
  void aStoreOfAnUnknownFormatIsRefused(String format) {
    KeyValueStore store = format2Store();
    store.write(
        new WriteBatch().put(StoreLayout.formatKey(), HexFormat.of().parseHex(format)),
        KeyValueStore.Durability.SYNC);
    assertThatThrownBy(() -> open(store))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("unsupported CRDT store format")
        .hasMessageContaining("reads format 3 and migrates format 2");
  }

  @Test
  void aNewStoreIsCreatedInTheCurrentFormat() {
    KeyValueStore store = new InMemoryKeyValueStore();
    open(store).close();
    assertThat(store.get(StoreLayout.formatKey())).containsExactly(StoreLayout.FORMAT_VERSION);
  }

  private int countMigrationWrites() {
    CrashingKeyValueStore counting =
        new CrashingKeyValueStore(format2Store(), 0, Moment.AFTER_WRITE);
    FormatMigration.migrate(counting, SMALL_BATCH);
    return counting.writes();
  }

  private static KeyValueStore format2Store() {
    KeyValueStore store = new InMemoryKeyValueStore();
    Format2Fixture.load(format2, store);
    return store;
  }

  private static PinSet open(KeyValueStore store) {
    Simulation simulation = new Simulation(1);
    return ReplicaNetwork.openAlone(
        simulation, store, new TestRing(simulation.random()).authorizer(), "migrated");
  }

  private static int firstSharedBucketLine(List<String> lines) {
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith(hex(StoreLayout.BUCKET)) && line.indexOf(' ') == 6) {
        int count = Integer.parseInt(line.substring(7, 15), 16);
        if (count > 1) {
          return i;
        }
      }
    }
    throw new AssertionError("no shared bucket in the fixture");
  }

  private static boolean isRecordOfKind(String line, byte kind) {
    return line.startsWith(hex(StoreLayout.RECORD)) && line.substring(6, 8).equals(hex(kind));
  }

  private static List<String> withoutBucketsAndFormat(List<String> lines) {
    String formatKey = HexFormat.of().formatHex(StoreLayout.formatKey());
    List<String> rest = new ArrayList<>();
    for (String line : lines) {
      if (!line.startsWith(hex(StoreLayout.BUCKET)) && !line.startsWith(formatKey + " ")) {
        rest.add(line);
      }
    }
    return rest;
  }

  private static String hex(byte b) {
    return HexFormat.of().toHexDigits(b);
  }
}
