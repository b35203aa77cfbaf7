package org.pinring.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Every decoder of untrusted input fails only with its declared, typed exception. */
class DecoderRobustnessTest {

  @Property(tries = 2000)
  void arbitraryBytesAreAValidElementOrMalformed(@ForAll @Size(min = 0, max = 40) byte[] bytes) {
    Throwable thrown = catchThrowable(() -> GroupElement.fromBytes(bytes));
    if (thrown == null) {
      assertThat(GroupElement.fromBytes(bytes).toBytes()).isEqualTo(bytes);
    } else {
      assertThat(thrown).isInstanceOf(MalformedInputException.class);
    }
  }

  @Property(tries = 2000)
  void arbitraryBytesAreAValidIdentifierShareOrSignatureOrMalformed(
      @ForAll @Size(min = 0, max = 70) byte[] bytes) {
    for (Runnable decode :
        new Runnable[] {
          () -> Identifier.fromBytes(bytes),
          () -> SignatureShare.fromBytes(Identifier.of(1), bytes),
          () -> SecretValue.fromBytes(bytes),
          () -> Signature.fromBytes(bytes)
        }) {
      Throwable thrown = catchThrowable(decode::run);
      if (thrown != null) {
        assertThat(thrown).isInstanceOf(MalformedInputException.class);
      }
    }
  }

  @Test
  void everyPrefixOfATranscriptIsMalformed() {
    String json = Vectors.read(Vectors.RFC);
    for (int cut = 0; cut < json.strip().length(); cut++) {
      String prefix = json.substring(0, cut);
      assertThatThrownBy(() -> TranscriptJson.read(prefix))
          .as("cut at %d", cut)
          .isInstanceOf(MalformedInputException.class);
    }
  }

  @Property(tries = 300)
  void mutatedTranscriptsFailOnlyWithTheDeclaredException(
      @ForAll @IntRange(min = 0, max = 10_000) int position, @ForAll char replacement) {
    String json = Vectors.read(Vectors.RFC);
    int at = position % json.length();
    String mutated = json.substring(0, at) + replacement + json.substring(at + 1);
    Throwable thrown = catchThrowable(() -> TranscriptChecker.check(TranscriptJson.read(mutated)));
    if (thrown != null) {
      assertThat(thrown).isInstanceOf(FrostException.class);
    }
  }
}
