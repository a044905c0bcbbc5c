package io.vsp.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vsp.common.lifecycle.FaultHook;
import io.vsp.common.testkit.JavaProcess;
import io.vsp.common.testkit.KafkaBroker;
import io.vsp.common.testkit.Metrics;
import io.vsp.detector.engine.InputType;
import io.vsp.detector.engine.OutputFormat;
import io.vsp.detector.synth.ModelKind;
import io.vsp.detector.synth.ModelSynth;
import io.vsp.detector.synth.SynthSpec;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fatal means exit (issue 9), on the real commands as processes: a stage's thread killed through the
 * {@link FaultHook} turns {@code /readyz} to 503, then the process exits with status 1; Kafka refusing the
 * configuration for good exits 2 naming the key; SIGTERM while start-up waits for Kafka ends the process in time.
 */
class FatalExitIT {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir
  Path dir;

  @Test
  void killedDetectorStageMakesTheProcessNotReadyThenExitOne() throws IOException {
    Path model = dir.resolve("synthetic.onnx");
    ModelSynth.write(new SynthSpec(ModelKind.SYNTHETIC, OutputFormat.RAW, InputType.UINT8, 4, 320), model);
    for (String stage : List.of("batch", "infer")) {
      assertKilledStageEndsProcess("detector", stage, stage + ":synthetic", """
          kafka: {bootstrap: "%s", topicPrefix: fatal-%s., partitions: 1}
          detector: {metricsPort: 0, model: "%s", input: {size: 320, resize: 318}, batch: {max: 4, maxWait: 20ms}}
          """.formatted(KafkaBroker.shared().bootstrap(), stage, model));
    }
  }

  @Test
  void killedSinkStageMakesTheProcessNotReadyThenExitOne() throws IOException {
    for (String stage : List.of("tracker", "clipper", "index")) {
      assertKilledStageEndsProcess("sink", stage, stage.equals("tracker") ? "\\S+-StreamThread-\\d+" : stage, """
          kafka: {bootstrap: "%s", topicPrefix: fatal-%s., partitions: 1}
          ingest: {heartbeat: 1s}
          sink: {metricsPort: 0, http: {port: 0}, store: {dir: "%s"}}
          """.formatted(KafkaBroker.shared().bootstrap(), stage, dir.resolve("store-" + stage)));
    }
  }

  @Test
  void killedIngestCameraLoopMakesTheProcessNotReadyThenExitOne() throws IOException {
    // nothing answers the camera's URL: its loop goes round every 0.5 s, reconnecting
    assertKilledStageEndsProcess("ingest", "camera", "capture:lobby", """
        kafka: {bootstrap: "%s", topicPrefix: fatal-camera., partitions: 1}
        ingest: {metricsPort: 0, heartbeat: 1s, watchdog: {backoffMin: 500ms, backoffMax: 500ms}}
        cameras:
          - {id: lobby, url: "rtsp://127.0.0.1:%d/none"}
        """.formatted(KafkaBroker.shared().bootstrap(), closedPort()));
  }

  @Test
  void replicationFactorTheClusterCannotGiveExitsTwoNamingTheKey() throws IOException {
    Path config = Files.writeString(dir.resolve("rf.yaml"), """
        kafka: {bootstrap: "%s", topicPrefix: fatal-rf., partitions: 1, replicationFactor: 3}
        sink: {metricsPort: 0, http: {port: 0}, store: {dir: "%s"}}
        """.formatted(KafkaBroker.shared().bootstrap(), dir.resolve("store-rf")));
    try (JavaProcess sink = start("sink", config, "rf", null)) {
      assertThat(sink.waitFor(Duration.ofSeconds(60))).as(sink.output()).isEqualTo(2);
      assertThat(sink.output()).contains("vsp sink: create topics: kafka.replicationFactor is more than the cluster "
          + "can give");
    }
  }

  @Test
  void sigtermWhileWaitingForKafkaEndsTheProcessWithinTenSeconds() throws IOException {
    Path config = Files.writeString(dir.resolve("away.yaml"), """
        kafka: {bootstrap: "127.0.0.1:%d", topicPrefix: fatal-away.}
        sink: {metricsPort: 0, http: {port: 0}, store: {dir: "%s"}}
        """.formatted(closedPort(), dir.resolve("store-away")));
    try (JavaProcess sink = start("sink", config, "away", null)) {
      int port = Metrics.loggedPort(sink, Duration.ofSeconds(60));
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .until(() -> readyz(port) == 503); // serving, and not ready: still waiting for Kafka
      sink.sigterm();
      assertThat(sink.waitFor(Duration.ofSeconds(10))).isEqualTo(143);
      assertThat(sink.output()).doesNotContain("halting"); // the wait saw the stop; the watchdog did not cut it
    }
  }

  /**
   * Starts {@code service}, waits until it is ready, names {@code stage} in the trigger file, and expects
   * {@code /readyz} 503, then exit status 1 with the dead thread ({@code threadRegex}) named in the log.
   */
  private void assertKilledStageEndsProcess(String service, String stage, String threadRegex, String yaml)
      throws IOException {
    Path config = Files.writeString(dir.resolve(service + "-" + stage + ".yaml"), yaml);
    Path trigger = dir.resolve("fault-" + stage);
    try (JavaProcess process = start(service, config, stage, trigger)) {
      int port = Metrics.loggedPort(process, Duration.ofSeconds(60));
      await("/readyz 200 of " + service).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
          .until(() -> alive(process) && readyz(port) == 200);
      Files.writeString(trigger, stage + "\n");
      await(stage + " killed: /readyz 503").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
          .until(() -> alive(process) && readyz(port) == 503);
      assertThat(process.waitFor(Duration.ofSeconds(15))).as(stage).isEqualTo(1);
      assertThat(process.output()).containsPattern("cannot go on: thread " + threadRegex + " died: ")
          .contains("fault injected into stage " + stage);
    }
  }

  private JavaProcess start(String service, Path config, String id, Path trigger) {
    List<String> jvm = trigger == null
        ? List.of("-Xmx384m", "-Dlogback.configurationFile=logback.xml")
        : List.of("-Xmx384m", "-Dlogback.configurationFile=logback.xml", "-D" + FaultHook.PROPERTY + "=" + trigger);
    String idOption = service.equals("ingest") ? "--worker-id" : "--instance-id";
    return JavaProcess.start(jvm, Main.class.getName(), List.of(service, "--config", config.toString(), idOption, id),
        Map.of(), dir.resolve(service + "-" + id + ".log"));
  }

  /** True while running; fails with the process's output once it has ended. */
  private static boolean alive(JavaProcess process) {
    if (!process.isAlive()) {
      throw new AssertionError(process + " ended early:\n" + process.output());
    }
    return true;
  }

  private static int readyz(int port) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1; // not serving (yet)
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** A port nothing listens on (taken and released). */
  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
