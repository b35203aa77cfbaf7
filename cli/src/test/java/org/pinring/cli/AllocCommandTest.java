package org.pinring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllocCommandTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String[] CIDS = {
    "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
    "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
    "QmXgkY4miMKJBrg8YYke4xw6C2n8WNsUc1GXLhN84k4QM3",
    "bafybeiek35rrekico2jrmbfqxfo6yblptltldvpf5ccaxuzu6qvgy6scby"
  };

  @TempDir Path dir;

  @Test
  void plansEveryPinAndWritesTheDocumentedJson() throws IOException {
    Path peers = write("peers.json", peersJson(6, false));
    Path pins = write("pins.json", pinsJson(false));
    Path out = dir.resolve("plan.json");

    CliRunner.Result result =
        CliRunner.run(
            "alloc",
            "plan",
            "--peers",
            peers.toString(),
            "--pins",
            pins.toString(),
            "--out",
            out.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("policy:          rendezvous")
        .contains("peers:           6 live")
        .contains("below min:       0 pins")
        .contains("max/mean load:")
        .contains("12D3KooWpeer0");
    JsonNode json = MAPPER.readTree(out.toFile());
    assertThat(json.get("allocations").size()).isEqualTo(CIDS.length);
    for (String cid : CIDS) {
      JsonNode holders = json.get("allocations").get(cid);
      assertThat(holders.size()).isEqualTo(3);
    }
    assertThat(json.get("unplaceable").size()).isZero();
    assertThat(json.get("summary").get("pinsBelowMin").asInt()).isZero();
    assertThat(json.get("summary").get("load").size()).isEqualTo(6);
  }

  @Test
  void spreadsAcrossTheTagAndNeverExceedsFreeSpace() throws IOException {
    Path peers = write("peers.json", peersJson(6, true));
    Path pins = write("pins.json", pinsJson(true));

    CliRunner.Result result = plan(peers, pins, "--out", "-");

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode json = MAPPER.readTree(result.out());
    for (String cid : CIDS) {
      List<String> regions = new ArrayList<>();
      for (JsonNode holder : json.get("allocations").get(cid)) {
        int n = Integer.parseInt(holder.asText().substring("12D3KooWpeer".length()));
        regions.add(n % 3 == 0 ? "eu" : n % 3 == 1 ? "us" : "ap");
      }
      assertThat(regions).doesNotHaveDuplicates().hasSize(3);
    }
    for (JsonNode peer : json.get("summary").get("load")) {
      assertThat(peer.get("loadBytes").asLong())
          .isLessThanOrEqualTo(peer.get("freeBytes").asLong());
    }
    assertThat(result.err()).contains("policy:");
  }

  @Test
  void downPeersLoseTheirCopiesAndThePinsAreRepaired() throws IOException {
    Path peers = write("peers.json", peersJson(6, false));
    Path pins = write("pins.json", pinsJson(false));

    JsonNode before = MAPPER.readTree(plan(peers, pins, "--out", "-").out());
    CliRunner.Result result =
        plan(peers, pins, "--out", "-", "--down", "12D3KooWpeer1,12D3KooWpeer4");

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode after = MAPPER.readTree(result.out());
    for (String cid : CIDS) {
      List<String> holders = new ArrayList<>();
      after.get("allocations").get(cid).forEach(node -> holders.add(node.asText()));
      assertThat(holders).hasSize(3).doesNotContain("12D3KooWpeer1", "12D3KooWpeer4");
      // Copies on peers that stayed up do not move.
      for (JsonNode kept : before.get("allocations").get(cid)) {
        if (!kept.asText().equals("12D3KooWpeer1") && !kept.asText().equals("12D3KooWpeer4")) {
          assertThat(holders).contains(kept.asText());
        }
      }
    }
    assertThat(after.get("summary").get("gonePeers").toString()).contains("12D3KooWpeer1");
    assertThat(result.err()).contains("repaired:");
  }

  @Test
  void peersUnseenForLongerThanTheGracePeriodCountAsGone() throws IOException {
    String json =
        peersJson(4, false).replace("\"lastSeenMillis\": 1000000", "\"lastSeenMillis\": 1");
    Path peers = write("peers.json", json);
    Path pins = write("pins.json", pinsJson(false));

    CliRunner.Result longGrace = plan(peers, pins);
    CliRunner.Result shortGrace = plan(peers, pins, "--grace", "10m");

    assertThat(longGrace.out()).contains("peers:           4 live");
    assertThat(shortGrace.exitCode()).isZero();
    assertThat(shortGrace.out())
        .contains("peers:           0 live")
        .contains("below min:       4 pins");
  }

  @Test
  void comparesPoliciesOnTheSameInput() throws IOException {
    Path peers = write("peers.json", peersJson(6, false));
    Path pins = write("pins.json", pinsJson(false));

    for (String policy : List.of("rendezvous", "rendezvous-unbounded", "balanced")) {
      CliRunner.Result result = plan(peers, pins, "--policy", policy);
      assertThat(result.exitCode()).as(result.err()).isZero();
      assertThat(result.out()).contains("policy:          " + policy);
    }
    CliRunner.Result bad = plan(peers, pins, "--policy", "random");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--policy must be rendezvous");
  }

  @Test
  void theSameInputsInAnyOrderGiveTheSameJson() throws IOException {
    Path peers = write("peers.json", peersJson(8, true));
    Path pins = write("pins.json", pinsJson(true));
    String reversedPeers = peersJson(8, true, true);
    Path peers2 = write("peers2.json", reversedPeers);

    String one = plan(peers, pins, "--out", "-").out();
    String two = plan(peers2, pins, "--out", "-").out();

    assertThat(two).isEqualTo(one);
  }

  @Test
  void badInputNamesTheFileTheEntryAndTheField() throws IOException {
    Path pins = write("pins.json", pinsJson(false));
    Path missing =
        write(
            "missing.json",
            "{\"nowMillis\": 5, \"peers\": [{\"id\": \"a\", \"capacityBytes\": 5}, {\"id\": \"b\"}]}");
    Path wrongType =
        write("wrong.json", "{\"peers\": [{\"id\": \"a\", \"capacityBytes\": \"lots\"}]}");
    Path tooFree =
        write(
            "free.json", "{\"peers\": [{\"id\": \"a\", \"capacityBytes\": 5, \"freeBytes\": 9}]}");
    Path broken = write("broken.json", "{\"peers\": [");
    Path badCid =
        write(
            "badcid.json",
            "{\"pins\": [{\"cid\": \"QmNope\", \"replicationMin\": 1, \"replicationMax\": 1}]}");
    Path peers = write("peers.json", peersJson(3, false));

    assertError(plan(missing, pins), "missing.json: peers[1].capacityBytes: missing");
    assertError(
        plan(wrongType, pins), "wrong.json: peers[0].capacityBytes: expected a whole number");
    assertError(
        plan(tooFree, pins), "free.json: peers[0]: freeBytes must be between 0 and capacityBytes");
    assertError(plan(broken, pins), "broken.json: not valid JSON at line 1");
    assertError(plan(peers, badCid), "badcid.json: pins[0].cid:");
    assertError(plan(peers, pins, "--down", "nobody"), "--down: peer 'nobody' is not in");
    assertError(plan(peers, dir.resolve("absent.json")), "absent.json: no such file");
  }

  private void assertError(CliRunner.Result result, String message) {
    assertThat(result.exitCode()).as(result.err()).isEqualTo(3);
    assertThat(result.err()).startsWith("pinring: ").contains(message).doesNotContain("Exception");
  }

  private CliRunner.Result plan(Path peers, Path pins, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of("alloc", "plan", "--peers", peers.toString(), "--pins", pins.toString()));
    Collections.addAll(args, more);
    return CliRunner.run(args.toArray(new String[0]));
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  private static String peersJson(int count, boolean regions) {
    return peersJson(count, regions, false);
  }

  private static String peersJson(int count, boolean regions, boolean reversed) {
    List<String> entries = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String region = i % 3 == 0 ? "eu" : i % 3 == 1 ? "us" : "ap";
      entries.add(
          String.format(
              Locale.ROOT,
              "{\"id\": \"12D3KooWpeer%d\", \"capacityBytes\": %d, \"freeBytes\": %d,"
                  + " \"reliability\": %.2f, \"tags\": {%s}, \"lastSeenMillis\": 1000000}",
              i,
              (i + 1) * 100_000_000L,
              (i + 1) * 90_000_000L,
              0.5 + 0.05 * i,
              regions ? "\"region\": \"" + region + "\"" : ""));
    }
    if (reversed) {
      Collections.reverse(entries);
    }
    return "{\"nowMillis\": 1000000, \"peers\": [" + String.join(", ", entries) + "]}";
  }

  private static String pinsJson(boolean spread) {
    List<String> entries = new ArrayList<>();
    for (String cid : CIDS) {
      entries.add(
          String.format(
              Locale.ROOT,
              "{\"cid\": \"%s\", \"sizeBytes\": 1000000, \"replicationMin\": 2,"
                  + " \"replicationMax\": 3%s}",
              cid,
              spread ? ", \"spreadTag\": \"region\"" : ""));
    }
    return "{\"pins\": [" + String.join(", ", entries) + "]}";
  }
}
