package org.pinring.crdt.kv;

class InMemoryKeyValueStoreTest extends KeyValueStoreContract {

  @Override
  protected KeyValueStore create() {
    return new InMemoryKeyValueStore();
  }

  @Override
  protected KeyValueStore reopen(KeyValueStore store) {
    return store; // its contents live as long as the object
  }
}
