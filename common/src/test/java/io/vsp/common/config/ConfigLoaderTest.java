package io.vsp.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules of SPEC §4 as {@link ConfigLoader} applies them to whole files. */
class ConfigLoaderTest {
  private static final Map<String, String> NO_ENV = Map.of();

  @TempDir Path tmp;

  @Test
  void exampleWithEveryKeyAtItsDefaultEqualsTheRecordDefaults() throws Exception {
    Path example = resource("/config/vsp.example.yaml");

    VspConfig config = ConfigLoader.load(example, Map.of("LOBBY_USER", "admin", "LOBBY_PASS", "s3cret-pass"));

    assertThat(config.kafka()).isEqualTo(KafkaConfig.DEFAULTS);
    assertThat(config.ingest()).isEqualTo(IngestConfig.DEFAULTS);
    assertThat(config.detector()).isEqualTo(DetectorConfig.DEFAULTS);
    assertThat(config.sink()).isEqualTo(SinkConfig.DEFAULTS);
    assertThat(config.camerasDir()).isEqualTo(example.getParent().resolve("cameras.d"));
    CameraConfig lobby = config.cameras().get(0);
    assertThat(lobby.connectDetectUrl()).isEqualTo("rtsp://admin:s3cret-pass@192.0.2.10:554/stream2");
    assertThat(lobby.zones()).containsExactly(Map.entry("door",
        List.of(List.of(0.1, 0.2), List.of(0.4, 0.2), List.of(0.4, 0.9), List.of(0.1, 0.9))));
    assertThat(ConfigLoader.loadCamerasDir(config.camerasDir(), NO_ENV)).containsOnlyKeys("garage");
  }

  @Test
  void absentKeysTakeTheDefaultsOfTheSpec() throws Exception {
    Path file = write("vsp.yaml", """
        kafka: {bootstrap: broker:9092}
        cameras:
          - id: lobby
            url: rtsp://192.0.2.10:554/stream1
        """);

    VspConfig config = ConfigLoader.load(file, NO_ENV);

    assertThat(config.kafka()).isEqualTo(new KafkaConfig("broker:9092", "vsp.", 12, (short) 1, Map.of()));
    assertThat(config.kafka().topic("frames")).isEqualTo("vsp.frames");
    assertThat(config.cameras()).containsExactly(new CameraConfig("lobby", "rtsp://192.0.2.10:554/stream1", null,
        null, null, true, CameraConfig.Transport.TCP, new DetectConfig(5, 1280, 85), List.of(), 0.5, Map.of(),
        List.of()));
    assertThat(config.camerasDir()).isEqualTo(tmp.resolve("cameras.d"));
    assertThat(config.ingest()).isEqualTo(new IngestConfig(9101, true,
        new WatchdogConfig(Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(30)),
        Duration.ofSeconds(10)));
    DetectorConfig detector = config.detector();
    assertThat(detector.engine()).isEqualTo(DetectorConfig.Engine.ONNXRUNTIME);
    assertThat(detector.model()).isEqualTo(Path.of("models/yolo_nas_s.onnx"));
    assertThat(detector.input()).isEqualTo(new DetectorConfig.Input(640, 636, 114));
    assertThat(detector.batch()).isEqualTo(new DetectorConfig.Batch(8, Duration.ofMillis(10)));
    assertThat(detector.maxFrameAge()).isEqualTo(Duration.ofSeconds(1));
    assertThat(detector.tensorrt().workspace()).isEqualTo(DataSize.parse("2GiB"));
    assertThat(detector.tensorrt().engineCacheDir())
        .isEqualTo(Path.of(System.getProperty("user.home"), ".cache/vsp/engines"));
    assertThat(config.sink().store()).isEqualTo(new SinkConfig.Store(Path.of("data"), Duration.ofDays(7),
        DataSize.ofGibibytes(50)));
    assertThat(config.sink().clips()).isEqualTo(new SinkConfig.Clips(true, Duration.ofSeconds(5),
        Duration.ofSeconds(5), Duration.ofSeconds(60), true, false));
  }

  @Test
  void environmentVariablesAreSubstitutedWithAndWithoutDefault() throws Exception {
    Path file = write("vsp.yaml", """
        kafka:
          bootstrap: ${KAFKA_HOST}:${KAFKA_PORT:-9092}
          partitions: ${PARTITIONS:-3}
        cameras:
          - id: lobby
            url: rtsp://${CAM_HOST:-192.0.2.10}:554/stream1
            enabled: ${LOBBY_ON:-true}
        """);

    VspConfig config = ConfigLoader.load(file, Map.of("KAFKA_HOST", "kafka-0", "PARTITIONS", "", "CAM_HOST", "cam"));

    assertThat(config.kafka().bootstrap()).isEqualTo("kafka-0:9092");
    assertThat(config.kafka().partitions()).isEqualTo(3); // set but empty takes the default, as in a shell
    assertThat(config.cameras().get(0).url()).isEqualTo("rtsp://cam:554/stream1");
    assertThat(config.cameras().get(0).enabled()).isTrue();
  }

  @Test
  void missingVariableWithoutDefaultIsAnErrorNamingTheKeyPath() {
    Path file = write("vsp.yaml", """
        kafka: {bootstrap: localhost:9092}
        cameras:
          - id: lobby
            url: rtsp://192.0.2.10:554/stream1
            username: admin
            password: ${LOBBY_PASS}
        """);

    assertThat(messages(() -> ConfigLoader.load(file, NO_ENV))).containsExactly(file
        + ":6: cameras[0].password: environment variable LOBBY_PASS is not set (write ${LOBBY_PASS:-default} to give"
        + " a default)");
  }

  @Test
  void malformedYamlReportsFileLineAndTheParsersProblemWithoutStackTrace() {
    Path file = write("vsp.yaml", """
        kafka:
          bootstrap: localhost:9092
        cameras: [
          {id: lobby, url: rtsp://192.0.2.10/a}
        ingest: {}
        """);

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file, NO_ENV));

    assertThat(e.getMessage()).isEqualTo(file + ":5: malformed YAML: expected ',' or ']', but got <scalar>"
        + " (while parsing a flow sequence at line 3)");
  }

  @Test
  void tabIndentationIsMalformedYamlAtItsLine() {
    Path file = write("vsp.yaml", "kafka:\n\tbootstrap: localhost:9092\n");

    assertThat(messages(() -> ConfigLoader.load(file, NO_ENV))).containsExactly(file + ":2: malformed YAML: found"
        + " character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation)");
  }

  @Test
  void unknownKeyAtAnyDepthIsReportedWithKeyPathAndLine() {
    Path file = write("vsp.yaml", """
        kafka: {bootstrap: localhost:9092}
        cameras:
          - id: lobby
            url: rtsp://192.0.2.10:554/stream1
            detect:
              fps: 5
              fsp: 5
        sink:
          clips: {preroll: 5s}
        """);

    assertThat(messages(() -> ConfigLoader.load(file, NO_ENV))).containsExactly(
        file + ":7: cameras[0].detect.fsp: unknown key (known keys here: fps, maxWidth, jpegQuality)",
        file + ":9: sink.clips.preroll: unknown key (known keys here: enabled, preRoll, postRoll, maxLength,"
            + " annotate, keepOriginal)");
  }

  @Test
  void valuesOfTheWrongTypeAreErrors() {
    Path file = write("vsp.yaml", """
        kafka: {bootstrap: localhost:9092, partitions: many, replicationFactor: 70000}
        ingest:
          video: sometimes
          heartbeat: 10
          watchdog: [10s]
        detector: {engine: tensorflow, tensorrt: {workspace: 2GB!}}
        sink: {tracker: {minHits: 2.5}}
        """);

    assertThat(messages(() -> ConfigLoader.load(file, NO_ENV))).containsExactly(
        file + ":1: kafka.partitions: must be a number (got \"many\")",
        file + ":1: kafka.replicationFactor: must be at most 32767 (got 70000)",
        file + ":3: ingest.video: must be true or false (got \"sometimes\")",
        file + ":4: ingest.heartbeat: bad duration \"10\": use " + Durations.FORMS,
        file + ":5: ingest.watchdog: must be a mapping of keys (got a list)",
        file + ":6: detector.engine: must be one of onnxruntime, tensorrt (got \"tensorflow\")",
        file + ":6: detector.tensorrt.workspace: bad size \"2GB!\": use " + DataSize.FORMS,
        file + ":7: sink.tracker.minHits: must be a whole number (got 2.5)");
  }

  @Test
  void bootstrapIsRequiredUnlessTheDemoWaivesIt() throws Exception {
    Path file = write("vsp.yaml", "ingest: {video: false}\n");

    assertThat(messages(() -> ConfigLoader.load(file, NO_ENV))).containsExactly(
        file + ":1: kafka.bootstrap: is required (host:port of the Kafka brokers, e.g. localhost:9092)");
    assertThat(ConfigLoader.load(file, NO_ENV, false).kafka().bootstrap()).isEqualTo("localhost:9092");
  }

  @Test
  void cameraIdMustMatchThePattern() {
    Path file = write("vsp.yaml", """
        kafka: {bootstrap: localhost:9092}
        cameras:
          - {id: Lobby Cam, url: rtsp://192.0.2.10/a}
          - url: rtsp://192.0.2.10/b
        """);

    assertThat(messages(() -> ConfigLoader.load(file, NO_ENV))).containsExactly(
        file + ":3: cameras[0].id: must match ^[a-z0-9][a-z0-9_-]{0,62}$ (got \"Lobby Cam\")",
        file + ":4: cameras[1].id: is required");
  }

  @Test
  void cameraThatIsNotAMappingIsOneError() {
    Path file = write("vsp.yaml", """
        kafka: {bootstrap: localhost:9092}
        cameras:
          - lobby
          -
        """);

    assertThat(messages(() -> ConfigLoader.load(file, NO_ENV))).containsExactly(
        file + ":3: cameras[0]: must be a mapping of camera keys such as id and url (got text)",
        file + ":4: cameras[1]: must be a mapping of camera keys such as id and url (got nothing)");
  }

  @Test
  void emptyOptionalValuesFromTheEnvironmentMeanAbsent() throws Exception {
    Path file = write("vsp.yaml", """
        kafka: {bootstrap: localhost:9092}
        cameras:
          - id: lobby
            url: rtsp://192.0.2.10/a
            detectUrl: ${LOBBY_SUB:-}
            username: ${LOBBY_USER:-}
            password: ${LOBBY_PASS:-}
        """);

    CameraConfig lobby = ConfigLoader.load(file, NO_ENV).cameras().get(0);

    assertThat(lobby.detectUrl()).isNull();
    assertThat(lobby.connectDetectUrl()).isEqualTo("rtsp://192.0.2.10/a");
  }

  @Test
  void urlSchemeMustBeOneOfTheSupportedOnes() {
    Path file = write("vsp.yaml", """
        kafka: {bootstrap: localhost:9092}
        cameras:
          - id: lobby
            url: rtsp://192.0.2.10/a
          - id: yard
            url: rtsp://192.0.2.11/a
          - id: gate
            url: ftp://192.0.2.12/a
            detectUrl: 192.0.2.12/b
        """);

    assertThat(messages(() -> ConfigLoader.load(file, NO_ENV))).containsExactly(
        file + ":8: cameras[2].url: scheme must be one of rtsp, rtsps, rtmp, http, https, srt, udp, file (got \"ftp\")",
        file + ":9: cameras[2].detectUrl: must be a URL such as rtsp://192.0.2.10:554/stream1 (got \"192.0.2.12/b\")");
  }

  @Test
  void everyErrorOfTheFileIsReportedTogetherInLineOrder() {
    Path file = write("vsp.yaml", """
        kafka: {bootstrap: localhost:9092, partitions: 0}
        cameras:
          - id: lobby
            url: rtsp://192.0.2.10/a
            detect: {fps: 75, maxWidth: 8, jpegQuality: 85}
            minScore: 1.5
            zones:
              door: [[0.1, 0.2], [1.4, 0.2]]
            masks: [[[0, 0], [1, 0], [0, "x"]]]
          - id: lobby
            url: rtsp://192.0.2.11/a
        ingest:
          metricsPort: 70000
          watchdog: {backoffMin: 40s}
        """);

    assertThat(messages(() -> ConfigLoader.load(file, NO_ENV))).containsExactly(
        file + ":1: kafka.partitions: must be between 1 and 100000 (got 0)",
        file + ":5: cameras[0].detect.fps: must be in (0, 60] (got 75)",
        file + ":5: cameras[0].detect.maxWidth: must be between 16 and 7680 (got 8)",
        file + ":6: cameras[0].minScore: must be between 0 and 1 (got 1.5)",
        file + ":8: cameras[0].zones.door: needs at least 3 points (got 2)",
        file + ":8: cameras[0].zones.door[1]: must be a point [x, y] with x and y between 0 and 1 (got [1.4, 0.2])",
        file + ":9: cameras[0].masks[0][2]: must be a point [x, y] of two numbers (got a list)",
        file + ":10: cameras[1].id: duplicate camera id \"lobby\" (first defined at " + file + ":3)",
        file + ":13: ingest.metricsPort: must be between 0 and 65535 (got 70000)",
        file + ":14: ingest.watchdog.backoffMin: must not exceed backoffMax (got 40s > 30s)");
  }

  @Test
  void trackerScoreBandsAreCheckedWithTheirKeyPaths() {
    Path file = write("vsp.yaml", """
        kafka: {bootstrap: localhost:9092}
        sink:
          tracker: {lowScore: 0.4}
        """);
    Path other = write("other.yaml", """
        kafka: {bootstrap: localhost:9092}
        sink:
          tracker: {lowScore: -0.1, highScore: 1.5}
        """);

    assertThat(messages(() -> ConfigLoader.load(file, NO_ENV))).containsExactly(
        file + ":3: sink.tracker.lowScore: must be at most highScore (0.25) (got 0.4); set it equal to highScore"
            + " to turn the low-score pass off");
    assertThat(messages(() -> ConfigLoader.load(other, NO_ENV))).containsExactly(
        other + ":3: sink.tracker.lowScore: must be between 0 and 1 (got -0.1)",
        other + ":3: sink.tracker.highScore: must be between 0 and 1 (got 1.5)");
  }

  @Test
  void errorsNeverShowAPassword() {
    Path file = write("vsp.yaml", """
        kafka:
          bootstrap: localhost:9092
          properties: {sasl.jaas.config: "x password=\\"kafka-pw-1\\";"}
        cameras:
          - id: lobby
            url: rtsp://192.0.2.10/a
            password: [hunter2-pw]
          - id: yard
            url: rtsp://192.0.2.11/a
            username: admin
            password: hunter3-pw
            minScore: hunter3-pw
          - id: gate
            url: rtsp://viewer:hunter4-pw@/a
        """);

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file, NO_ENV));

    assertThat(e.getMessage()).isEqualTo(String.join("\n",
        file + ":7: cameras[0].password: must be text (got a list)",
        file + ":12: cameras[1].minScore: must be a number (got \"***\")",
        file + ":14: cameras[2].url: has no host (got \"rtsp://***@/a\")"));
    assertThat(e.getMessage()).doesNotContain("hunter", "kafka-pw");
  }

  @Test
  void cameraIdsAreUniqueAcrossTheListAndTheCamerasDir() {
    Path file = write("vsp.yaml", """
        kafka: {bootstrap: localhost:9092}
        camerasDir: cams
        cameras:
          - id: lobby
            url: rtsp://192.0.2.10/a
        """);
    Path dup = write("cams/b-lobby.yaml", "url: rtsp://192.0.2.12/a\nid: lobby\n");
    write("cams/a-yard.yaml", "id: yard\nurl: rtsp://192.0.2.11/a\n");

    assertThat(messages(() -> ConfigLoader.load(file, NO_ENV))).containsExactly(
        dup + ":2: id: duplicate camera id \"lobby\" (first defined at " + file + ":4)");
  }

  @Test
  void camerasDirFileErrorsNameTheFileAndKeyPath() {
    Path file = write("vsp.yaml", "kafka: {bootstrap: localhost:9092}\ncamerasDir: cams\n");
    Path yard = write("cams/yard.yml", "id: yard\nurl: rtsp://192.0.2.11/a\ndetect:\n  fps: 0\n");
    write("cams/.hidden.yaml", "not: a camera\n");
    write("cams/notes.txt", "not a camera either\n");

    assertThat(messages(() -> ConfigLoader.load(file, NO_ENV))).containsExactly(
        yard + ":4: detect.fps: must be in (0, 60] (got 0)");
  }

  @Test
  void absentCamerasDirHasNoCamerasButAFileInItsPlaceIsAnError() throws Exception {
    Path file = write("vsp.yaml", "kafka: {bootstrap: localhost:9092}\ncamerasDir: cams\n");
    assertThat(ConfigLoader.load(file, NO_ENV).camerasDir()).isEqualTo(tmp.resolve("cams"));
    assertThat(ConfigLoader.loadCamerasDir(tmp.resolve("cams"), NO_ENV)).isEmpty();

    write("cams", "a file\n");

    assertThat(messages(() -> ConfigLoader.load(file, NO_ENV))).containsExactly(
        file + ":2: camerasDir: is not a folder: " + tmp.resolve("cams"));
  }

  @Test
  void cameraFileIsReadThroughKubernetesConfigMapLinks() throws Exception {
    Path dir = tmp.resolve("cams");
    ConfigMapDir.create(dir, Map.of("lobby.yaml", "id: lobby\nurl: rtsp://192.0.2.10/a\n"));

    assertThat(ConfigLoader.loadCamerasDir(dir, NO_ENV)).containsOnlyKeys("lobby");
    assertThat(ConfigLoader.loadCameraFile(dir.resolve("lobby.yaml"), NO_ENV).url()).isEqualTo("rtsp://192.0.2.10/a");
  }

  @Test
  void unreadableFileIsAnErrorNamingIt() {
    Path missing = tmp.resolve("nope.yaml");

    assertThatThrownBy(() -> ConfigLoader.load(missing, NO_ENV)).isInstanceOf(ConfigException.class)
        .hasMessage(missing + ": cannot read: no such file");
  }

  @Test
  void duplicateKeysAndAliasesAreErrors() {
    Path file = write("vsp.yaml", """
        kafka: {bootstrap: localhost:9092}
        sink:
          http: &h {port: 8081}
          metricsPort: 9200
          metricsPort: 9201
          store: *h
        """);

    assertThat(messages(() -> ConfigLoader.load(file, NO_ENV))).containsExactly(
        file + ":5: sink.metricsPort: duplicate key (first at line 4)",
        file + ":6: sink.store: YAML aliases (*h) are not supported: write the value out");
  }

  private Path write(String name, String content) {
    try {
      Path file = tmp.resolve(name);
      Files.createDirectories(file.getParent());
      return Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "192.0.2.7", "'::'", "vsp.example.com", "128.0.0.1"})
  void aPublicBindWithoutATokenIsAnErrorNamingTheTokenKey(String bind) {
    Path file = write("vsp.yaml", """
        kafka: {bootstrap: localhost:9092}
        sink:
          http:
            bind: %s
            token: ""
        """.formatted(bind));

    String shown = bind.replace("'", "");
    assertThat(messages(() -> ConfigLoader.load(file, NO_ENV))).containsExactly(file + ":5: sink.http.token: must "
        + "be set when bind (" + shown + ") is not a loopback address: anyone reaching that address could watch the "
        + "clips and events; set a token (e.g. \"${VSP_SINK_TOKEN}\") or bind 127.0.0.1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.3.4.5", "localhost", "'::1'", "'[::1]'"})
  void aLoopbackBindNeedsNoToken(String bind) throws Exception {
    Path file = write("vsp.yaml", "kafka: {bootstrap: localhost:9092}\nsink:\n  http: {bind: " + bind + "}\n");

    assertThat(ConfigLoader.load(file, NO_ENV).sink().http().token()).isEmpty();
  }

  @Test
  void aPublicBindWithATokenIsAccepted() throws Exception {
    Path file = write("vsp.yaml", "kafka: {bootstrap: localhost:9092}\nsink:\n  http: {bind: 0.0.0.0, token: t}\n");

    assertThat(ConfigLoader.load(file, NO_ENV).sink().http().bind()).isEqualTo("0.0.0.0");
  }

  @Test
  void allowedHostsDefaultToTheBindAddressAndLoopbackNames() throws Exception {
    Path defaults = write("vsp.yaml", "kafka: {bootstrap: localhost:9092}\nsink:\n  http: {bind: 10.0.0.5, token: t}\n");
    Path listed = write("listed.yaml", """
        kafka: {bootstrap: localhost:9092}
        sink:
          http: {bind: 0.0.0.0, token: t, allowedHosts: [vsp.example.com, 192.0.2.7]}
        """);

    assertThat(ConfigLoader.load(defaults, NO_ENV).sink().http().effectiveAllowedHosts())
        .containsExactly("10.0.0.5", "localhost", "127.0.0.1", "[::1]");
    assertThat(ConfigLoader.load(listed, NO_ENV).sink().http().effectiveAllowedHosts())
        .containsExactly("vsp.example.com", "192.0.2.7");
    assertThat(SinkConfig.Http.DEFAULTS.effectiveAllowedHosts())
        .containsExactly("127.0.0.1", "localhost", "[::1]");
  }

  @Test
  void anAllowedHostWithAPortIsAnError() {
    Path file = write("vsp.yaml", """
        kafka: {bootstrap: localhost:9092}
        sink:
          http:
            allowedHosts:
              - vsp.example.com
              - "vsp.example.com:8080"
        """);

    assertThat(messages(() -> ConfigLoader.load(file, NO_ENV))).containsExactly(file + ":6: sink.http.allowedHosts[1]: "
        + "must be a host name or address without port, e.g. vsp.example.com (got \"vsp.example.com:8080\")");
  }

  private static List<String> messages(ThrowingLoad load) {
    ConfigException e = catchThrowableOfType(ConfigException.class, load::run);
    assertThat(e).as("expected a ConfigException").isNotNull();
    assertThat(e.getMessage()).doesNotContain("\tat ");
    return e.errors().stream().map(ConfigError::toString).toList();
  }

  private Path resource(String name) throws URISyntaxException {
    return Path.of(Objects.requireNonNull(getClass().getResource(name), name).toURI());
  }

  private interface ThrowingLoad {
    void run() throws Exception;
  }
}
