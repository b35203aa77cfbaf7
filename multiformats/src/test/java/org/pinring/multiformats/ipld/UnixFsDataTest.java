package org.pinring.multiformats.ipld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnixFsDataTest {

  private static final HexFormat HEX = HexFormat.of();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "| the Type field is missing",
        "1800| the Type field is missing",
        "0806| unknown UnixFS type 6",
        "08020802| appears twice",
        "0a0102| wrong wire type 2 for Type",
        "0802120501| declares 5 byte(s)",
        "080218001801| appears twice",
        "0802420408011001| bad or repeated UnixTime field 2",
        "08024200| UnixTime without Seconds",
        "08024207080115ffffffff| FractionalNanoseconds out of range",
        "0802188080808080808080ff01| exceeds 2^63 - 1",
        "08ffffffffffffffffffff01| does not fit in 64 bits",
      })
  void rejectsMalformedMessages(String hex, String reason) {
    byte[] bytes = hex == null ? new byte[0] : HEX.parseHex(hex);
    assertThatThrownBy(() -> UnixFsData.decode(bytes))
        .isInstanceOf(InvalidIpldException.class)
        .hasMessageContaining(reason);
  }

  @ParameterizedTest
  @CsvSource({"0802200a2014", "080222020a14"})
  void readsBlockSizesPackedOrNot(String hex) {
    UnixFsData data = UnixFsData.decode(HEX.parseHex(hex));

    assertThat(data.blockSizes()).containsExactly(10, 20);
  }

  @ParameterizedTest
  @CsvSource({"0802480a", "08025a0100", "08024d01020304", "08025101020304050607 08"})
  void skipsUnknownFields(String hex) {
    assertThat(UnixFsData.decode(HEX.parseHex(hex.replace(" ", ""))).type())
        .isEqualTo(UnixFsData.Type.FILE);
  }

  @Property
  void everyMessageRoundTrips(@ForAll("messages") UnixFsData data) {
    byte[] encoded = data.encode();

    assertThat(UnixFsData.decode(encoded)).isEqualTo(data);
  }

  @Property
  void mutatedBytesFailOnlyWithTheDeclaredException(
      @ForAll("messages") UnixFsData data, @ForAll int position, @ForAll byte replacement) {
    byte[] bytes = data.encode();
    bytes[Math.floorMod(position, bytes.length)] = replacement;
    try {
      assertThat(UnixFsData.decode(bytes).type()).isNotNull();
    } catch (InvalidIpldException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Property
  void everyTruncationDecodesOrFailsCleanly(@ForAll("messages") UnixFsData data) {
    byte[] bytes = data.encode();
    for (int end = 0; end < bytes.length; end++) {
      try {
        UnixFsData.decode(Arrays.copyOf(bytes, end));
      } catch (InvalidIpldException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }

  @Provide
  Arbitrary<UnixFsData> messages() {
    Arbitrary<UnixFsData.Type> types = Arbitraries.of(UnixFsData.Type.class);
    Arbitrary<byte[]> data = Arbitraries.bytes().array(byte[].class).ofMaxSize(20).injectNull(0.4);
    Arbitrary<long[]> sizes =
        Arbitraries.longs().between(0, Long.MAX_VALUE).array(long[].class).ofMaxSize(4);
    Arbitrary<Long> optionalLong = Arbitraries.longs().between(0, 1L << 40).injectNull(0.5);
    Arbitrary<Integer> mode = Arbitraries.integers().between(0, 07777).injectNull(0.5);
    Arbitrary<UnixFsData.UnixTime> mtime =
        Combinators.combine(
                Arbitraries.longs(), Arbitraries.integers().between(0, 999_999_999).injectNull(0.5))
            .as(
                (s, n) ->
                    new UnixFsData.UnixTime(s, n == null ? OptionalInt.empty() : OptionalInt.of(n)))
            .injectNull(0.5);
    return Combinators.combine(types, data, sizes, optionalLong, optionalLong, mode, mtime)
        .as(
            (type, bytes, blockSizes, fileSize, fanout, m, time) -> {
              UnixFsData.Builder builder = UnixFsData.builder(type).data(bytes);
              for (long size : blockSizes) {
                builder.addBlockSize(size);
              }
              if (fileSize != null) {
                builder.fileSize(fileSize);
              }
              if (fanout != null) {
                builder.fanout(fanout).hashType(0x22);
              }
              if (m != null) {
                builder.mode(m);
              }
              if (time != null) {
                builder.mtime(time);
              }
              return builder.build();
            });
  }
}
