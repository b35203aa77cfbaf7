package org.pinring.crdt.kv;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Puts and deletes to apply atomically with {@link KeyValueStore#write}. Not thread-safe. Arrays
 * are copied in, so the caller may reuse them.
 */
public final class WriteBatch {

  /** One operation: a put when {@code value} is non-null, else a delete. */
  public static final class Operation {
    private final byte[] key;
    private final byte[] value;

    Operation(byte[] key, byte[] value) {
      this.key = key;
      this.value = value;
    }

    /** The key; owned by the batch, do not modify. */
    public byte[] key() {
      return key;
    }

    /** The value to store, or {@code null} for a delete; owned by the batch, do not modify. */
    public byte[] value() {
      return value;
    }

    public boolean isDelete() {
      return value == null;
    }
  }

  private final List<Operation> operations = new ArrayList<>();
  private long approximateBytes;

  public WriteBatch put(byte[] key, byte[] value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    operations.add(new Operation(key.clone(), value.clone()));
    approximateBytes += key.length + value.length;
    return this;
  }

  public WriteBatch delete(byte[] key) {
    Objects.requireNonNull(key, "key");
    operations.add(new Operation(key.clone(), null));
    approximateBytes += key.length;
    return this;
  }

  /** The operations in the order they were added. */
  public List<Operation> operations() {
    return Collections.unmodifiableList(operations);
  }

  public int size() {
    return operations.size();
  }

  public boolean isEmpty() {
    return operations.isEmpty();
  }

  /** Sum of key and value lengths: a guide for splitting very large work into several batches. */
  public long approximateBytes() {
    return approximateBytes;
  }
}
