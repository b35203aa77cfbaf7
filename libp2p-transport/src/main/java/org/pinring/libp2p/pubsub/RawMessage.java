package org.pinring.libp2p.pubsub;

import java.util.Arrays;
import java.util.Objects;

/**
 * The {@code Message} of the pubsub RPC protobuf, as it travels. Absent optional fields are {@code
 * null}; {@code topic} is never null (proto3: absent means empty). The arrays are shared, not
 * copied: instances are made by the codec and the router and never handed to applications.
 */
// Internal wire value: equals/hashCode compare contents; arrays are never handed to applications.
@SuppressWarnings("ArrayRecordComponent")
record RawMessage(
    byte[] from, byte[] data, byte[] seqno, String topic, byte[] signature, byte[] key) {

  RawMessage {
    Objects.requireNonNull(topic, "topic");
  }

  /** The same message without signature and key: the bytes a signature covers (pubsub spec). */
  RawMessage unsigned() {
    return new RawMessage(from, data, seqno, topic, null, null);
  }

  RawMessage withSignature(byte[] signatureBytes, byte[] keyBytes) {
    return new RawMessage(from, data, seqno, topic, signatureBytes, keyBytes);
  }

  /** The number of data bytes (0 when absent). */
  int dataLength() {
    return data == null ? 0 : data.length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RawMessage m
        && Arrays.equals(from, m.from)
        && Arrays.equals(data, m.data)
        && Arrays.equals(seqno, m.seqno)
        && topic.equals(m.topic)
        && Arrays.equals(signature, m.signature)
        && Arrays.equals(key, m.key);
  }

  @Override
  public int hashCode() {
    int h = topic.hashCode();
    h = 31 * h + Arrays.hashCode(from);
    h = 31 * h + Arrays.hashCode(data);
    h = 31 * h + Arrays.hashCode(seqno);
    h = 31 * h + Arrays.hashCode(signature);
    return 31 * h + Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "RawMessage(topic=" + topic + ", " + dataLength() + " bytes)";
  }
}
