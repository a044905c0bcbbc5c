package io.vsp.ingest;

import static io.vsp.common.testkit.KafkaTestClient.awaitRecords;
import static io.vsp.ingest.MediaChecks.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vsp.common.testkit.KafkaBroker;
import io.vsp.common.testkit.Metrics;
import io.vsp.common.testkit.RtspServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker goes away for 20 s: ingest stays up, counts its drops, and resumes by itself. */
class BrokerOutageIT {
  static final String KAFKA_DROPS = "vsp_ingest_dropped_total{camera=\"door\",reason=\"kafka\"}";

  @TempDir
  Path dir;

  @Test
  void ingestSurvivesABrokerOutageCountingDropsAndResumes() {
    try (KafkaBroker broker = KafkaBroker.startNew();
         RtspServer camera = RtspServer.builder().mount("/cam", "h264:640x360@25:gop=25").start()) {
      String yaml = """
          kafka:
            bootstrap: "%s"
            topicPrefix: outage.
            properties: {buffer.memory: "1500000"}   # a small bound, so a 20 s outage overflows it
          ingest: {metricsPort: 0, heartbeat: 2s}
          cameras:
            - {id: door, url: "%s", detect: {fps: 5}}
          """.formatted(broker.bootstrap(), camera.url("/cam"));
      try (IngestRunner ingest = new IngestRunner(dir, yaml, Map.of(), "w1")) {
        awaitRecords(broker.bootstrap(), ingest.topic("frames"), all -> of(all, "door").size() >= 10, Duration.ofSeconds(30));
        int port = ingest.metricsPort();

        long stoppedAt = System.currentTimeMillis();
        broker.stop();
        // the outage lasts 20 s; by then the bounded producer buffer has overflowed and drops are counted
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
            System.currentTimeMillis() - stoppedAt >= 20_000
                && Metrics.scrape(port).getOrDefault(KAFKA_DROPS, 0.0) > 0);
        assertThat(Metrics.status(port, "/healthz")).isEqualTo(200);
        assertThat(Metrics.value(port, "vsp_ingest_packets_total", "door")).isGreaterThan(0);

        broker.start();
        long backAt = System.currentTimeMillis();
        awaitRecords(broker.bootstrap(), ingest.topic("frames"),
            all -> of(all, "door").stream().anyMatch(r -> r.timestamp() >= backAt), Duration.ofSeconds(15));
      }
    }
  }
}
