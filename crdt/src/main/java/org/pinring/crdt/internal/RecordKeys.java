package org.pinring.crdt.internal;

/** Where a state record lives: its bucket and key fingerprint, both from SHA-256 of its key. */
record RecordKeys(int bucket, long fingerprint) {

  static RecordKeys of(byte[] recordKey) {
    byte[] hash = Sha256.hash(recordKey);
    int bucket = ((hash[0] & 0xFF) << 8) | (hash[1] & 0xFF);
    long fingerprint = 0;
    for (int i = 2; i < 10; i++) {
      fingerprint = (fingerprint << 8) | (hash[i] & 0xFF);
    }
    return new RecordKeys(bucket, fingerprint);
  }
}
