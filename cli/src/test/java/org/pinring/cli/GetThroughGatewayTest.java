package org.pinring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multicodec;
import org.pinring.multiformats.ipld.DagPb;
import org.pinring.multiformats.ipld.PbLink;
import org.pinring.multiformats.ipld.PbNode;
import org.pinring.multiformats.ipld.UnixFsData;
import org.pinring.node.blockstore.Block;
import org.pinring.node.car.CarWriter;
import org.pinring.node.daemon.Daemon;

/**
 * {@code pinring get} through a "daemon" that is a small fake HTTP server serving chosen gateway
 * answers: well-formed CARs and raw blocks, and the ways they can be wrong (another root, a block
 * that does not match its CID, a block outside the DAG, a truncated CAR, a missing block, something
 * that is not a CAR, content the daemon lacks, hostile entry names, a symlink trap). Whatever goes
 * wrong, the destination does not appear and the work directory beside it is gone.
 */
class GetThroughGatewayTest {

  @TempDir Path dir;

  private HttpServer server;
  private Path repository;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  /** What the fake gateway sends for one request path and query. */
  private static final class Answer {
    final int status;
    final String type;
    final byte[] body;

    Answer(int status, String type, byte[] body) {
      this.status = status;
      this.type = type;
      this.body = body.clone();
    }
  }

  @BeforeEach
  void startFakeDaemon() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String query = exchange.getRequestURI().getRawQuery();
          String key = exchange.getRequestURI().getPath() + (query == null ? "" : "?" + query);
          requests.add(key);
          Answer answer =
              key.equals("/id")
                  ? new Answer(200, "application/json", "{}".getBytes(StandardCharsets.UTF_8))
                  : answers.getOrDefault(
                      key,
                      new Answer(
                          404,
                          "application/json",
                          "{\"message\":\"block is not stored here\",\"status\":404}"
                              .getBytes(StandardCharsets.UTF_8)));
          exchange.getResponseHeaders().set("Content-Type", answer.type);
          exchange.sendResponseHeaders(answer.status, answer.body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer.body);
          }
        });
    server.start();
    repository = Files.createDirectories(dir.resolve("repo"));
    Files.writeString(
        repository.resolve(Daemon.API_FILE),
        "http://127.0.0.1:" + server.getAddress().getPort() + "\n",
        StandardCharsets.UTF_8);
  }

  @AfterEach
  void stopFakeDaemon() {
    server.stop(0);
  }

  // ---- DAGs built by hand, so that they can be wrong in chosen ways ----------------------------

  static Block rawFile(String text) {
    return Block.hash(Multicodec.RAW, 1, text.getBytes(StandardCharsets.UTF_8));
  }

  /** A flat UnixFS directory; links sorted stably by name, so equal names keep the given order. */
  static Block directory(Object... namesAndBlocks) {
    List<PbLink> links = new ArrayList<>();
    for (int i = 0; i < namesAndBlocks.length; i += 2) {
      Block child = (Block) namesAndBlocks[i + 1];
      links.add(PbLink.of(child.cid(), (String) namesAndBlocks[i], child.size()));
    }
    byte[] data = UnixFsData.builder(UnixFsData.Type.DIRECTORY).build().encode();
    return Block.hash(Multicodec.DAG_PB, 1, DagPb.encode(PbNode.sorted(links, data)));
  }

  static Block symlink(String target) {
    byte[] data =
        UnixFsData.builder(UnixFsData.Type.SYMLINK)
            .data(target.getBytes(StandardCharsets.UTF_8))
            .build()
            .encode();
    return Block.hash(Multicodec.DAG_PB, 1, DagPb.encode(new PbNode(List.of(), data)));
  }

  static byte[] car(List<Cid> roots, Block... blocks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      CarWriter writer = new CarWriter(out, roots);
      for (Block block : blocks) {
        writer.write(block);
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  private final Block a = rawFile("hello");
  private final Block b = rawFile("bee");
  private final Block sub = directory("b.txt", b);
  private final Block root = directory("a.txt", a, "sub", sub);

  /** The tree's CAR as PinRing's gateway writes it: depth first, parents first, link order. */
  private byte[] goodCar() {
    return car(List.of(root.cid()), root, a, sub, b);
  }

  private void serveCar(Cid cid, byte[] car) {
    answers.put(
        "/ipfs/" + cid + "?format=car",
        new Answer(200, "application/vnd.ipld.car; version=1; order=dfs; dups=n", car));
  }

  private void serveRaw(Cid cid, byte[] bytes) {
    answers.put("/ipfs/" + cid + "?format=raw", new Answer(200, "application/vnd.ipld.raw", bytes));
  }

  private CliRunner.Result get(String target, Path destination, String... options) {
    List<String> args =
        new ArrayList<>(
            List.of("get", "--repo", repository.toString(), target, "-o", destination.toString()));
    args.addAll(Arrays.asList(options));
    return CliRunner.run(args.toArray(String[]::new));
  }

  /** Nothing but the repository (and files a test put there itself) is left in the directory. */
  private void assertNothingLeftBehind(Path destination) throws IOException {
    assertThat(destination).doesNotExist();
    try (Stream<Path> entries = Files.list(dir)) {
      assertThat(entries.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.startsWith(".pinring-get-"));
    }
  }

  private void assertRefused(CliRunner.Result result, int exitCode, String message, Path dest)
      throws IOException {
    assertThat(result.exitCode()).as(result.err()).isEqualTo(exitCode);
    assertThat(result.err()).startsWith("pinring: ").contains(message);
    assertThat(result.out()).isEmpty();
    assertNothingLeftBehind(dest);
  }

  // ---- what works ------------------------------------------------------------------------------

  @Test
  void writesTheTreeOfAWellFormedCar() throws IOException {
    serveCar(root.cid(), goodCar());
    Path destination = dir.resolve("out");

    CliRunner.Result result = get(root.cid().toString(), destination);

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).isEqualTo("wrote " + destination + "\n");
    assertThat(destination.resolve("a.txt")).hasContent("hello");
    assertThat(destination.resolve("sub").resolve("b.txt")).hasContent("bee");
    assertThat(requests).contains("/ipfs/" + root.cid() + "?format=car");
    try (Stream<Path> entries = Files.list(dir)) {
      assertThat(entries.map(p -> p.getFileName().toString())).containsOnly("repo", "out");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"entry", "dag-blocks", "path-blocks"})
  void aDestinationNamedLikeAFileOfTheWorkDirectoryIsWritten(String name) throws IOException {
    serveCar(root.cid(), goodCar());
    Path destination = dir.resolve(name);

    CliRunner.Result result = get(root.cid().toString(), destination);

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(destination.resolve("sub").resolve("b.txt")).hasContent("bee");
  }

  @Test
  void resolvesAPathItselfWithVerifiedRawBlocksAndAsksForTheEntrysCar() throws IOException {
    serveRaw(root.cid(), root.data());
    serveRaw(sub.cid(), sub.data());
    serveCar(sub.cid(), car(List.of(sub.cid()), sub, b));
    Path destination = dir.resolve("sub-out");

    CliRunner.Result result = get(root.cid() + "/sub", destination);

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(destination.resolve("b.txt")).hasContent("bee");
    assertThat(requests).doesNotContain("/ipfs/" + root.cid() + "?format=car");
  }

  @Test
  void aCarWithDuplicatesOfBlocksAlreadyReceivedIsAccepted() throws IOException {
    // dups=y is allowed by the trustless gateway spec; the repeat is verified and ignored.
    serveCar(root.cid(), car(List.of(root.cid()), root, a, sub, b, a));
    Path destination = dir.resolve("out");

    CliRunner.Result result = get(root.cid().toString(), destination);

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(destination.resolve("a.txt")).hasContent("hello");
  }

  // ---- what the daemon may get wrong -----------------------------------------------------------

  @Test
  void refusesACarWithAnotherRoot() throws IOException {
    serveCar(root.cid(), car(List.of(sub.cid()), sub, b));
    Path destination = dir.resolve("out");

    assertRefused(
        get(root.cid().toString(), destination),
        ExitCodes.FAILURE,
        "the CAR sent for " + root.cid() + " names the roots [" + sub.cid() + "] instead",
        destination);
  }

  @Test
  void refusesACarWithSeveralRootsEvenIfOneIsRight() throws IOException {
    serveCar(root.cid(), car(List.of(root.cid(), sub.cid()), root, a, sub, b));
    Path destination = dir.resolve("out");

    assertRefused(
        get(root.cid().toString(), destination), ExitCodes.FAILURE, "names the roots", destination);
  }

  @Test
  void refusesABlockThatDoesNotMatchItsCid() throws IOException {
    byte[] car = goodCar();
    // "bee" is the last section's data: change its last byte.
    car[car.length - 1] ^= 1;
    serveCar(root.cid(), car);
    Path destination = dir.resolve("out");

    assertRefused(
        get(root.cid().toString(), destination),
        ExitCodes.FAILURE,
        "the bytes do not hash to this CID",
        destination);
  }

  @Test
  void refusesABlockThatIsNotPartOfTheDag() throws IOException {
    Block stranger = rawFile("not linked from anywhere");
    serveCar(root.cid(), car(List.of(root.cid()), root, a, stranger, sub, b));
    Path destination = dir.resolve("out");

    assertRefused(
        get(root.cid().toString(), destination),
        ExitCodes.FAILURE,
        "block " + stranger.cid() + " is not part of the DAG",
        destination);
  }

  @Test
  void refusesExtraBlocksAfterTheDagToo() throws IOException {
    Block stranger = rawFile("trailing");
    serveCar(root.cid(), car(List.of(root.cid()), root, a, sub, b, stranger));
    Path destination = dir.resolve("out");

    assertRefused(
        get(root.cid().toString(), destination),
        ExitCodes.FAILURE,
        "is not part of the DAG",
        destination);
  }

  @Test
  void refusesACarTruncatedInsideASection() throws IOException {
    byte[] car = goodCar();
    serveCar(root.cid(), Arrays.copyOf(car, car.length - 2));
    Path destination = dir.resolve("out");

    assertRefused(
        get(root.cid().toString(), destination),
        ExitCodes.FAILURE,
        "the CAR ends inside the section",
        destination);
  }

  @Test
  void refusesACarThatEndsBeforeTheWholeDagArrived() throws IOException {
    serveCar(root.cid(), car(List.of(root.cid()), root, a, sub));
    Path destination = dir.resolve("out");

    assertRefused(
        get(root.cid().toString(), destination),
        ExitCodes.FAILURE,
        "ended with 1 block(s) of the DAG missing, e.g. " + b.cid(),
        destination);
  }

  @Test
  void refusesAnAnswerThatIsNotACar() throws IOException {
    answers.put(
        "/ipfs/" + root.cid() + "?format=car",
        new Answer(200, "application/json", "[]".getBytes(StandardCharsets.UTF_8)));
    Path destination = dir.resolve("out");

    assertRefused(
        get(root.cid().toString(), destination),
        ExitCodes.FAILURE,
        "answered a CAR request for " + root.cid() + " with 'application/json'",
        destination);
  }

  @Test
  void reportsContentTheDaemonDoesNotHaveWithItsMessage() throws IOException {
    Path destination = dir.resolve("out");

    assertRefused(
        get(root.cid().toString(), destination),
        ExitCodes.FAILURE,
        "the daemon cannot send " + root.cid() + ": block is not stored here",
        destination);
  }

  @Test
  void refusesAWrongBlockOnThePath() throws IOException {
    serveRaw(root.cid(), sub.data());
    Path destination = dir.resolve("out");

    assertRefused(
        get(root.cid() + "/sub", destination),
        ExitCodes.FAILURE,
        "the daemon sent a wrong block for " + root.cid(),
        destination);
  }

  @Test
  void aPathThatNamesNothingIsReportedAsWithoutADaemon() throws IOException {
    serveRaw(root.cid(), root.data());
    Path destination = dir.resolve("out");

    assertRefused(
        get(root.cid() + "/nothing", destination),
        ExitCodes.BAD_INPUT,
        "no entry 'nothing' in " + root.cid(),
        destination);
  }

  @Test
  void refusesAnExistingDestinationBeforeAskingTheDaemon() throws IOException {
    Path destination = Files.createDirectory(dir.resolve("there"));

    CliRunner.Result result = get(root.cid().toString(), destination);

    assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err()).contains(destination + " already exists");
    assertThat(requests).noneMatch(request -> request.startsWith("/ipfs/"));
  }

  // ---- hostile trees: refused through the daemon exactly as without one -------------------------

  /**
   * Runs get of {@code hostile} through the fake daemon and locally (CAR imported) and compares.
   */
  private void assertRefusedBothWays(Block hostile, byte[] car, String message) throws IOException {
    serveCar(hostile.cid(), car);
    Path throughDaemon = dir.resolve("through-daemon");
    CliRunner.Result remote = get(hostile.cid().toString(), throughDaemon);

    Path carFile = Files.write(dir.resolve("hostile.car"), car);
    Path local = dir.resolve("local-repo");
    CliRunner.Result imported =
        CliRunner.run("car", "import", "--repo", local.toString(), carFile.toString());
    assertThat(imported.exitCode()).as(imported.err()).isZero();
    Path withoutDaemon = dir.resolve("without-daemon");
    CliRunner.Result offline =
        CliRunner.run(
            "get",
            "--repo",
            local.toString(),
            hostile.cid().toString(),
            "-o",
            withoutDaemon.toString());

    for (CliRunner.Result result : List.of(remote, offline)) {
      assertThat(result.exitCode()).as(result.err()).isNotZero();
      assertThat(result.err()).contains(message);
      assertThat(result.out()).isEmpty();
    }
    assertThat(remote.exitCode()).isEqualTo(offline.exitCode());
    assertNothingLeftBehind(throughDaemon);
    assertNothingLeftBehind(withoutDaemon);
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", ".", "", "a/b", "/abs", "nul\0byte"})
  void refusesEntryNamesThatCouldEscapeTheDestination(String name) throws IOException {
    Block hostile = directory("a.txt", a, name, b);

    assertRefusedBothWays(
        hostile,
        car(List.of(hostile.cid()), hostile, a, b),
        "unsafe entry name '" + name + "' refused");
  }

  @Test
  void aSymlinkCannotLeadLaterEntriesOutOfTheDestination() throws IOException {
    Path outside = Files.createDirectory(dir.resolve("outside"));
    // "l" is first a link to outside, then a directory holding "x": writing x through the link
    // would put it outside the destination.
    Block inner = directory("x", b);
    Block hostile = directory("l", symlink(outside.toString()), "l", inner);

    assertRefusedBothWays(
        hostile, car(List.of(hostile.cid()), hostile, symlink(outside.toString()), inner, b), "l");
    try (Stream<Path> written = Files.list(outside)) {
      assertThat(written).isEmpty();
    }
  }

  @Test
  void aSymlinkIsWrittenAsALinkAndNeverFollowed() throws IOException {
    Path outside = Files.createDirectory(dir.resolve("outside"));
    Block link = symlink(outside.resolve("target").toString());
    Block tree = directory("link", link);
    serveCar(tree.cid(), car(List.of(tree.cid()), tree, link));
    Path destination = dir.resolve("out");

    CliRunner.Result result = get(tree.cid().toString(), destination);

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(Files.isSymbolicLink(destination.resolve("link"))).isTrue();
    assertThat(Files.readSymbolicLink(destination.resolve("link")))
        .isEqualTo(outside.resolve("target"));
    assertThat(outside.resolve("target")).doesNotExist();
    assertThat(Files.exists(destination.resolve("link"), LinkOption.NOFOLLOW_LINKS)).isTrue();
  }
}
