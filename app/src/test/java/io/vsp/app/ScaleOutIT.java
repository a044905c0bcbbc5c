package io.vsp.app;

import static io.vsp.common.testkit.KafkaTestClient.awaitRecords;
import static io.vsp.common.testkit.KafkaTestClient.header;
import static io.vsp.common.testkit.KafkaTestClient.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.vsp.common.testkit.JavaProcess;
import io.vsp.common.testkit.KafkaBroker;
import io.vsp.common.testkit.RtspServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code vsp ingest} processes share six cameras through Kafka's group membership: 3 and 3; one is
 * killed with SIGKILL and the other takes all six within 30 s; it comes back and the split is 3 and 3 again.
 */
class ScaleOutIT {
  static final List<String> CAMERAS = IntStream.rangeClosed(1, 6).mapToObj(i -> "cam" + i).toList();

  @TempDir
  Path dir;

  @Test
  void twoWorkersShareSixCamerasAndTakeOverFromADeadOne() throws IOException {
    RtspServer.Builder b = RtspServer.builder();
    CAMERAS.forEach(c -> b.mount("/" + c, "h264:320x240@10:gop=10"));
    try (RtspServer server = b.start()) {
      String bootstrap = KafkaBroker.shared().bootstrap();
      StringBuilder yaml = new StringBuilder("""
          kafka: {bootstrap: "%s", topicPrefix: scale.}
          ingest: {metricsPort: 0, heartbeat: 1s, watchdog: {backoffMin: 500ms, backoffMax: 2s}}
          cameras:
          """.formatted(bootstrap));
      CAMERAS.forEach(c -> yaml.append("  - {id: ").append(c).append(", url: \"").append(server.url("/" + c))
          .append("\", detect: {fps: 2, maxWidth: 320}}\n"));
      Path config = Files.writeString(dir.resolve("vsp.yaml"), yaml);
      String status = "scale.status";
      long t0 = System.currentTimeMillis();
      List<JavaProcess> workers = new ArrayList<>();
      try {
        workers.add(worker(config, "w1"));
        workers.add(worker(config, "w2"));
        awaitSplit(bootstrap, status, t0, Map.of("w1", 3, "w2", 3), Duration.ofSeconds(60));
        assertEachCameraHasOneReader(bootstrap, "scale.frames");

        long killedAt = System.currentTimeMillis();
        workers.get(0).sigkill();
        awaitSplit(bootstrap, status, killedAt, Map.of("w2", 6), Duration.ofSeconds(30));
        awaitRecords(bootstrap, "scale.frames", all -> {
          Set<String> flowing = new HashSet<>();
          all.stream().filter(r -> r.timestamp() >= killedAt).forEach(r -> flowing.add(key(r)));
          return flowing.containsAll(CAMERAS);
        }, Duration.ofSeconds(30).minusMillis(System.currentTimeMillis() - killedAt));

        long restartedAt = System.currentTimeMillis();
        workers.add(worker(config, "w1"));
        awaitSplit(bootstrap, status, restartedAt, Map.of("w1", 3, "w2", 3), Duration.ofSeconds(45));
      } finally {
        workers.forEach(JavaProcess::close);
      }
    }
  }

  private JavaProcess worker(Path config, String id) {
    return JavaProcess.start(List.of("-Xmx384m", "-Dlogback.configurationFile=logback.xml"), Main.class.getName(),
        List.of("ingest", "--config", config.toString(), "--worker-id", id), Map.of(),
        dir.resolve(id + "-" + System.nanoTime() + ".log"));
  }

  /** Waits until the latest status of every camera is online with the expected split between workers. */
  private static void awaitSplit(String bootstrap, String topic, long sinceMs, Map<String, Integer> split,
                                 Duration within) {
    awaitRecords(bootstrap, topic, all -> {
      StatusView view = StatusView.of(all, 0);
      boolean everyCameraFresh = CAMERAS.stream().allMatch(c -> all.stream()
          .anyMatch(r -> c.equals(key(r)) && r.timestamp() >= sinceMs));
      return everyCameraFresh && view.onlinePerWorker().equals(split);
    }, within);
  }

  /** Over the last seconds, each camera's frames come from one connection only: one reader per camera. */
  private static void assertEachCameraHasOneReader(String bootstrap, String topic) {
    long now = System.currentTimeMillis();
    var recent = awaitRecords(bootstrap, topic, all -> CAMERAS.stream().allMatch(c -> all.stream()
            .anyMatch(r -> c.equals(key(r)) && r.timestamp() >= now + 1000)), Duration.ofSeconds(20)).stream()
        .filter(r -> r.timestamp() >= now - 3000 && r.timestamp() < now + 1000).toList();
    for (String c : CAMERAS) {
      Set<String> sessions = new HashSet<>();
      recent.stream().filter(r -> c.equals(key(r))).forEach(r -> sessions.add(header(r, "vsp.session")));
      assertThat(sessions).as("sessions of %s within 4 s", c).hasSize(1);
    }
  }
}
