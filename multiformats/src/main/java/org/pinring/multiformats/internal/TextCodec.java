package org.pinring.multiformats.internal;

import com.google.errorprone.annotations.Immutable;
import org.pinring.multiformats.InvalidMultibaseException;

/** Bytes to text and back for one base. Implementations are immutable and thread-safe. */
@Immutable
public interface TextCodec {

  String encode(byte[] data);

  /**
   * Decodes {@code text} from index {@code from} to its end. Error messages give positions in
   * {@code text}, so they point at the right character of the string the user typed.
   *
   * @throws InvalidMultibaseException if the text is not a valid encoding
   */
  byte[] decode(CharSequence text, int from);
}
