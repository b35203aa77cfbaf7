package org.pinring.multiformats;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A multiaddr: a path of protocol components such as {@code /ip4/192.0.2.1/tcp/4001/p2p/12D3...}.
 * Immutable; equality is by the binary form, so {@code /ipfs/...} and {@code /p2p/...} are equal.
 */
public final class Multiaddr {

  /** Bound on the binary form, checked while decoding and encoding. */
  public static final int MAX_BYTES = 1024;

  /** Bound on the text form, checked before parsing. */
  public static final int MAX_TEXT_LENGTH = 4096;

  private final List<Component> components;
  private final byte[] bytes;

  private Multiaddr(List<Component> components) {
    this.components = List.copyOf(components);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Component component : this.components) {
      component.writeTo(out);
    }
    this.bytes = out.toByteArray();
    if (bytes.length > MAX_BYTES) {
      throw new InvalidMultiaddrException(
          "multiaddr of " + bytes.length + " bytes exceeds the limit of " + MAX_BYTES);
    }
  }

  /** One protocol and its value (empty for protocols without one). Immutable. */
  public static final class Component {
    private final MultiaddrProtocol protocol;
    private final byte[] value;

    private Component(MultiaddrProtocol protocol, byte[] value) {
      this.protocol = protocol;
      this.value = value;
    }

    /**
     * A component from a protocol and its text value ({@code null} for protocols without one).
     *
     * @throws InvalidMultiaddrException if the value is missing, superfluous or invalid
     */
    public static Component of(MultiaddrProtocol protocol, String value) {
      Objects.requireNonNull(protocol, "protocol");
      if (!protocol.hasValue()) {
        if (value != null) {
          throw new InvalidMultiaddrException("/" + protocol.protocolName() + " takes no value");
        }
        return new Component(protocol, new byte[0]);
      }
      if (value == null) {
        throw new InvalidMultiaddrException("/" + protocol.protocolName() + " needs a value");
      }
      return new Component(protocol, protocol.parseValue(value));
    }

    public MultiaddrProtocol protocol() {
      return protocol;
    }

    /** A copy of the binary value (empty for protocols without one). */
    public byte[] value() {
      return value.clone();
    }

    /** The text value, or empty for protocols without one. */
    public Optional<String> valueText() {
      return protocol.hasValue() ? Optional.of(protocol.formatValue(value)) : Optional.empty();
    }

    /** The binary form of this component: code, length if variable, value. */
    public byte[] toBytes() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      writeTo(out);
      return out.toByteArray();
    }

    private void writeTo(ByteArrayOutputStream out) {
      out.writeBytes(Varint.encode(protocol.code()));
      if (protocol.isVariableSize()) {
        out.writeBytes(Varint.encode(value.length));
      }
      out.writeBytes(value);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Component that
          && protocol == that.protocol
          && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
      return 31 * protocol.hashCode() + Arrays.hashCode(value);
    }

    /** E.g. {@code /tcp/4001}. */
    @Override
    public String toString() {
      return "/" + protocol.protocolName() + valueText().map(v -> "/" + v).orElse("");
    }
  }

  /** A multiaddr made of the given components. */
  public static Multiaddr of(List<Component> components) {
    if (components.isEmpty()) {
      throw new InvalidMultiaddrException("a multiaddr needs at least one component");
    }
    return new Multiaddr(components);
  }

  /**
   * Parses the text form. A single trailing {@code /} is tolerated; {@code /ipfs/} is read as
   * {@code /p2p/}.
   *
   * @throws InvalidMultiaddrException if the text is not a valid multiaddr
   */
  public static Multiaddr parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.length() > MAX_TEXT_LENGTH) {
      throw new InvalidMultiaddrException(
          "multiaddr text of "
              + text.length()
              + " characters exceeds the limit of "
              + MAX_TEXT_LENGTH);
    }
    if (!text.startsWith("/")) {
      throw new InvalidMultiaddrException(
          "a multiaddr starts with '/', e.g. /ip4/127.0.0.1/tcp/4001; got '" + text + "'");
    }
    String body = text.substring(1);
    if (body.endsWith("/")) {
      body = body.substring(0, body.length() - 1);
    }
    if (body.isEmpty()) {
      throw new InvalidMultiaddrException("empty multiaddr '" + text + "'");
    }
    String[] parts = body.split("/", -1);
    List<Component> components = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      String name = parts[i];
      if (name.isEmpty()) {
        throw new InvalidMultiaddrException("empty protocol name (\"//\") in '" + text + "'");
      }
      MultiaddrProtocol protocol =
          MultiaddrProtocol.forName(name)
              .orElseThrow(
                  () ->
                      new InvalidMultiaddrException(
                          "unknown protocol '" + name + "' in '" + text + "'"));
      if (!protocol.hasValue()) {
        components.add(Component.of(protocol, null));
        continue;
      }
      if (i + 1 >= parts.length) {
        throw new InvalidMultiaddrException("/" + name + " needs a value in '" + text + "'");
      }
      components.add(Component.of(protocol, parts[++i]));
    }
    return new Multiaddr(components);
  }

  /**
   * Decodes the binary form.
   *
   * @throws InvalidMultiaddrException if the bytes are not a valid multiaddr
   */
  public static Multiaddr decode(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length == 0) {
      throw new InvalidMultiaddrException("empty multiaddr");
    }
    if (bytes.length > MAX_BYTES) {
      throw new InvalidMultiaddrException(
          "multiaddr of " + bytes.length + " bytes exceeds the limit of " + MAX_BYTES);
    }
    List<Component> components = new ArrayList<>();
    int offset = 0;
    try {
      while (offset < bytes.length) {
        Varint.Decoded code = Varint.decode(bytes, offset);
        offset += code.length();
        MultiaddrProtocol protocol =
            MultiaddrProtocol.forCode(code.value())
                .orElseThrow(
                    () -> new InvalidMultiaddrException("unknown protocol code " + code.value()));
        int length;
        if (protocol.isVariableSize()) {
          Varint.Decoded declared = Varint.decode(bytes, offset);
          offset += declared.length();
          if (declared.value() > MultiaddrProtocol.MAX_VALUE_BYTES) {
            throw new InvalidMultiaddrException(
                "/"
                    + protocol.protocolName()
                    + " value of "
                    + declared.value()
                    + " bytes exceeds the limit");
          }
          length = (int) declared.value();
        } else {
          length = protocol.fixedValueBytes();
        }
        if (bytes.length - offset < length) {
          throw new InvalidMultiaddrException(
              "/"
                  + protocol.protocolName()
                  + " value needs "
                  + length
                  + " bytes but only "
                  + (bytes.length - offset)
                  + " remain");
        }
        if (protocol.isVariableSize() && length == 0) {
          throw new InvalidMultiaddrException("/" + protocol.protocolName() + " value is empty");
        }
        Component component =
            new Component(protocol, Arrays.copyOfRange(bytes, offset, offset + length));
        // Validates the value (e.g. UTF-8, multihash) so that every decoded multiaddr prints.
        component.valueText();
        components.add(component);
        offset += length;
      }
    } catch (InvalidVarintException e) {
      throw new InvalidMultiaddrException("malformed multiaddr: " + e.getMessage(), e);
    }
    return new Multiaddr(components);
  }

  /** The components, in order. */
  public List<Component> components() {
    return Collections.unmodifiableList(components);
  }

  /** A copy of the binary form. */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /** The text value of the first component with {@code protocol}, if any. */
  public Optional<String> valueOf(MultiaddrProtocol protocol) {
    for (Component component : components) {
      if (component.protocol() == protocol) {
        return component.valueText();
      }
    }
    return Optional.empty();
  }

  /** True if any component uses {@code protocol}. */
  public boolean has(MultiaddrProtocol protocol) {
    return components.stream().anyMatch(c -> c.protocol() == protocol);
  }

  /** The peer ID multihash of the last {@code /p2p} component, if any. */
  public Optional<Multihash> peerId() {
    for (int i = components.size() - 1; i >= 0; i--) {
      Component component = components.get(i);
      if (component.protocol() == MultiaddrProtocol.P2P) {
        return Optional.of(Multihash.decode(component.value));
      }
    }
    return Optional.empty();
  }

  /** This address followed by {@code other}. */
  public Multiaddr encapsulate(Multiaddr other) {
    List<Component> joined = new ArrayList<>(components);
    joined.addAll(other.components);
    return new Multiaddr(joined);
  }

  /** This address followed by {@code /p2p/<peer>}. */
  public Multiaddr withPeerId(Multihash peer) {
    return encapsulate(
        new Multiaddr(List.of(new Component(MultiaddrProtocol.P2P, peer.toBytes()))));
  }

  /**
   * This address without its last {@code /p2p} component and everything after it, or itself if it
   * has none. An address that is only a peer ID cannot lose it.
   */
  public Multiaddr withoutPeerId() {
    for (int i = components.size() - 1; i > 0; i--) {
      if (components.get(i).protocol() == MultiaddrProtocol.P2P) {
        return new Multiaddr(components.subList(0, i));
      }
    }
    return this;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Multiaddr that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (Component component : components) {
      out.append(component);
    }
    return out.toString();
  }
}
