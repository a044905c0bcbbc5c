package io.vsp.ingest;

import static io.vsp.common.testkit.KafkaTestClient.awaitRecords;
import static io.vsp.common.testkit.KafkaTestClient.header;
import static io.vsp.ingest.MediaChecks.bySession;
import static io.vsp.ingest.MediaChecks.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vsp.common.testkit.KafkaBroker;
import io.vsp.common.testkit.Metrics;
import io.vsp.common.testkit.RtspServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A camera whose server stops, restarts and hangs (SIGSTOP), next to a healthy camera and one that was
 * never reachable: the failing camera goes offline and comes back; the others keep their rate.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CameraFailureIT {
  static final double FPS = 5;
  static final Duration BACKOFF_MAX = Duration.ofSeconds(2);

  @TempDir
  static Path dir;
  static RtspServer flaky;
  static RtspServer steady;
  static IngestRunner ingest;
  static String bootstrap;

  @BeforeAll
  static void start() {
    flaky = RtspServer.builder().mount("/cam", "h264:320x240@25:gop=25").start();
    steady = RtspServer.builder().mount("/cam", "h264:320x240@25:gop=25").start();
    bootstrap = KafkaBroker.shared().bootstrap();
    String yaml = """
        kafka: {bootstrap: "%s", topicPrefix: failure.}
        ingest: {metricsPort: 0, heartbeat: 2s, watchdog: {noData: 3s, backoffMin: 500ms, backoffMax: 2s}}
        cameras:
          - {id: flaky, url: "%s", detect: {fps: 5}}
          - {id: steady, url: "%s", detect: {fps: 5}}
          - {id: nowhere, url: "rtsp://127.0.0.1:9/none", detect: {fps: 5}}
          - {id: off, url: "rtsp://127.0.0.1:9/off", enabled: false}
        """.formatted(bootstrap, flaky.url("/cam"), steady.url("/cam"));
    ingest = new IngestRunner(dir, yaml, Map.of(), "w1");
    awaitFrames("flaky", 5);
    awaitFrames("steady", 5);
  }

  @AfterAll
  static void stop() {
    if (ingest != null) {
      ingest.close();
    }
    flaky.close();
    steady.close();
  }

  @Test
  @Order(1)
  void stoppedServerTakesTheCameraOfflineAndBackOnlineWhileOthersKeepTheirRate() {
    double reconnectsBefore = Metrics.value(ingest.metricsPort(), "vsp_ingest_reconnects_total", "flaky");
    long stoppedAt = System.currentTimeMillis();
    flaky.stop();
    awaitState("flaky", "offline", stoppedAt);
    await().atMost(Duration.ofSeconds(30)).until(() -> System.currentTimeMillis() - stoppedAt >= 8000);
    long restartedAt = System.currentTimeMillis();
    flaky.start();
    awaitState("flaky", "online", restartedAt);
    // frames resume within backoffMax + 5 s of the server's return
    awaitFramesAfter("flaky", restartedAt, BACKOFF_MAX.plusSeconds(5));
    assertThat(Metrics.value(ingest.metricsPort(), "vsp_ingest_reconnects_total", "flaky")).isGreaterThan(reconnectsBefore);
    assertSteadyKeptItsRate(stoppedAt, restartedAt);
  }

  @Test
  @Order(2)
  void frozenServerIsCaughtByTheWatchdogWhileOthersKeepTheirRate() {
    long frozenAt = System.currentTimeMillis();
    flaky.freeze();
    awaitState("flaky", "offline", frozenAt);
    await().atMost(Duration.ofSeconds(30)).until(() -> System.currentTimeMillis() - frozenAt >= 8000);
    long thawedAt = System.currentTimeMillis();
    flaky.thaw();
    awaitFramesAfter("flaky", thawedAt, BACKOFF_MAX.plusSeconds(10));
    assertSteadyKeptItsRate(frozenAt, thawedAt);
  }

  @Test
  @Order(3)
  void unreachableCameraIsOfflineAndNeverStopsTheService() {
    awaitState("nowhere", "offline", 0);
    awaitState("off", "disabled", 0);
    assertThat(Metrics.value(ingest.metricsPort(), "vsp_ingest_packets_total", "off")).isZero();
    assertThat(Metrics.value(ingest.metricsPort(), "vsp_ingest_reconnects_total", "nowhere")).isGreaterThan(0);
    assertThat(Metrics.status(ingest.metricsPort(), "/healthz")).isEqualTo(200);
    awaitFramesAfter("steady", System.currentTimeMillis(), Duration.ofSeconds(5));
  }

  /** The steady camera's frames between two wall-clock times: rate ± 10 %, no seq gap. */
  static void assertSteadyKeptItsRate(long fromMs, long toMs) {
    List<ConsumerRecord<byte[], byte[]>> all = of(awaitRecords(bootstrap, ingest.topic("frames"),
        records -> of(records, "steady").stream().anyMatch(r -> r.timestamp() >= toMs + 1000), Duration.ofSeconds(20)),
        "steady");
    var window = all.stream().filter(r -> r.timestamp() >= fromMs && r.timestamp() < toMs).toList();
    double seconds = (toMs - fromMs) / 1000.0;
    assertThat(window.size() / seconds).as("steady frames/s while the other camera failed")
        .isBetween(FPS * 0.9, FPS * 1.1);
    for (var session : bySession(all).values()) {
      for (int i = 0; i < session.size(); i++) {
        assertThat(header(session.get(i), "vsp.seq")).isEqualTo(Integer.toString(i));
      }
    }
  }

  static void awaitFrames(String camera, int n) {
    awaitRecords(bootstrap, ingest.topic("frames"), all -> of(all, camera).size() >= n, Duration.ofSeconds(30));
  }

  static void awaitFramesAfter(String camera, long sinceMs, Duration within) {
    awaitRecords(bootstrap, ingest.topic("frames"),
        all -> of(all, camera).stream().anyMatch(r -> r.timestamp() >= sinceMs), within.plusSeconds(1));
  }

  static void awaitState(String camera, String state, long sinceMs) {
    awaitRecords(bootstrap, ingest.topic("status"), all -> of(all, camera).stream()
        .anyMatch(r -> r.timestamp() >= sinceMs && CameraMediaIT.state(r).equals(state)), Duration.ofSeconds(20));
  }
}
