package org.pinring.crdt.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link KeyValueStore} must have, run against each implementation (STYLE.md
 * #15): subclasses only say how to open and reopen a store.
 */
abstract class KeyValueStoreContract {

  protected KeyValueStore store;

  /** A fresh, empty store. */
  protected abstract KeyValueStore create();

  /**
   * The same store closed and opened again (what a restart sees), or the same object if volatile.
   */
  protected abstract KeyValueStore reopen(KeyValueStore store);

  @BeforeEach
  void openStore() {
    store = create();
  }

  /** Deletes whatever {@link #create()} left on disk. */
  protected void cleanUp() throws java.io.IOException {}

  @AfterEach
  void closeStore() throws java.io.IOException {
    store.close();
    cleanUp();
  }

  @AfterProperty
  void cleanUpAfterProperty() throws java.io.IOException {
    cleanUp();
  }

  static byte[] b(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String s(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  private void put(String key, String value) {
    store.write(new WriteBatch().put(b(key), b(value)), KeyValueStore.Durability.SYNC);
  }

  private List<String> keys(KeyValueReader reader, String prefix, String from) {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator it = reader.scan(b(prefix), b(from))) {
      it.forEachRemaining(entry -> keys.add(s(entry.key()) + "=" + s(entry.value())));
    }
    return keys;
  }

  @Test
  void getsWhatWasPutAndNothingElse() {
    put("a", "1");
    assertThat(s(store.get(b("a")))).isEqualTo("1");
    assertThat(store.get(b("b"))).isNull();
  }

  @Test
  void laterOperationsInOneBatchWin() {
    store.write(
        new WriteBatch().put(b("k"), b("1")).put(b("k"), b("2")).delete(b("k")).put(b("k"), b("3")),
        KeyValueStore.Durability.BUFFERED);
    assertThat(s(store.get(b("k")))).isEqualTo("3");
  }

  @Test
  void deletesRemove() {
    put("a", "1");
    store.write(new WriteBatch().delete(b("a")).delete(b("never")), KeyValueStore.Durability.SYNC);
    assertThat(store.get(b("a"))).isNull();
  }

  @Test
  void scansAPrefixInUnsignedByteOrder() {
    put("p\u0001", "low");
    store.write(
        new WriteBatch().put(new byte[] {'p', (byte) 0xFF}, b("high")).put(b("q"), b("other")),
        KeyValueStore.Durability.SYNC);
    put("p", "exact");
    put("o", "before");
    List<byte[]> keys = new ArrayList<>();
    try (KeyValueIterator it = store.scan(b("p"))) {
      it.forEachRemaining(entry -> keys.add(entry.key()));
    }
    assertThat(keys).hasSize(3);
    assertThat(keys.get(0)).isEqualTo(b("p"));
    assertThat(keys.get(1)).isEqualTo(b("p\u0001"));
    assertThat(keys.get(2)).isEqualTo(new byte[] {'p', (byte) 0xFF});
  }

  @Test
  void scansFromAKey() {
    put("x1", "a");
    put("x2", "b");
    put("x3", "c");
    assertThat(keys(store, "x", "x2")).containsExactly("x2=b", "x3=c");
    assertThat(keys(store, "x", "a")).containsExactly("x1=a", "x2=b", "x3=c");
    assertThat(keys(store, "x", "y")).isEmpty();
  }

  @Test
  void anIteratorDoesNotSeeLaterWrites() {
    put("i1", "a");
    put("i2", "b");
    try (KeyValueIterator it = store.scan(b("i"))) {
      put("i3", "c");
      store.write(new WriteBatch().delete(b("i2")), KeyValueStore.Durability.SYNC);
      List<String> seen = new ArrayList<>();
      it.forEachRemaining(entry -> seen.add(s(entry.key())));
      assertThat(seen).containsExactly("i1", "i2");
    }
  }

  @Test
  void aSnapshotIsConsistentAndUnaffectedByLaterWrites() {
    put("s1", "before");
    try (KeyValueSnapshot snapshot = store.snapshot()) {
      store.write(
          new WriteBatch().put(b("s1"), b("after")).put(b("s2"), b("new")),
          KeyValueStore.Durability.SYNC);
      assertThat(s(snapshot.get(b("s1")))).isEqualTo("before");
      assertThat(snapshot.get(b("s2"))).isNull();
      assertThat(keys(snapshot, "s", "s")).containsExactly("s1=before");
    }
    assertThat(s(store.get(b("s1")))).isEqualTo("after");
  }

  @Test
  void returnedArraysBelongToTheCaller() {
    byte[] value = b("v");
    WriteBatch batch = new WriteBatch().put(b("k"), value);
    value[0] = 'X';
    store.write(batch, KeyValueStore.Durability.SYNC);
    byte[] read = store.get(b("k"));
    read[0] = 'Y';
    assertThat(s(store.get(b("k")))).isEqualTo("v");
  }

  @Test
  void emptyValuesAreValues() {
    store.write(new WriteBatch().put(b("e"), new byte[0]), KeyValueStore.Durability.SYNC);
    assertThat(store.get(b("e"))).isEmpty();
  }

  @Test
  void writesSurviveAReopen() {
    put("durable", "yes");
    store.write(new WriteBatch().put(b("buffered"), b("also")), KeyValueStore.Durability.BUFFERED);
    store = reopen(store);
    assertThat(s(store.get(b("durable")))).isEqualTo("yes");
    assertThat(s(store.get(b("buffered")))).isEqualTo("also");
  }

  @Test
  void aClosedStoreRefusesWork() {
    KeyValueStore other = create();
    other.close();
    assertThatThrownBy(() -> other.get(b("k"))).isInstanceOf(RuntimeException.class);
  }

  /** Random batches against a TreeMap model: same contents, same scan order. */
  @Property(tries = 30)
  void behavesLikeASortedMap(@ForAll("batches") List<List<Tuple.Tuple2<String, String>>> batches) {
    KeyValueStore fresh = create();
    try {
      TreeMap<String, String> model = new TreeMap<>();
      for (List<Tuple.Tuple2<String, String>> operations : batches) {
        WriteBatch batch = new WriteBatch();
        for (Tuple.Tuple2<String, String> operation : operations) {
          if (operation.get2() == null) {
            batch.delete(b(operation.get1()));
            model.remove(operation.get1());
          } else {
            batch.put(b(operation.get1()), b(operation.get2()));
            model.put(operation.get1(), operation.get2());
          }
        }
        fresh.write(batch, KeyValueStore.Durability.BUFFERED);
      }
      List<String> expected = new ArrayList<>();
      model.forEach((k, v) -> expected.add(k + "=" + v));
      assertThat(keys(fresh, "", "")).isEqualTo(expected);
    } finally {
      fresh.close();
    }
  }

  @Provide
  Arbitrary<List<List<Tuple.Tuple2<String, String>>>> batches() {
    Arbitrary<String> keys = Arbitraries.strings().withChars("abc").ofMinLength(1).ofMaxLength(3);
    Arbitrary<String> values = Arbitraries.strings().alpha().ofMaxLength(4).injectNull(0.3);
    return net.jqwik.api.Combinators.combine(keys, values)
        .as(Tuple::of)
        .list()
        .ofMaxSize(6)
        .list()
        .ofMaxSize(8);
  }
}
