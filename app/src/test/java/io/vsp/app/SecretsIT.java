package io.vsp.app;

import static io.vsp.common.testkit.KafkaTestClient.awaitRecords;
import static io.vsp.common.testkit.KafkaTestClient.consumeAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.vsp.common.testkit.JavaProcess;
import io.vsp.common.testkit.JsonSchemas;
import io.vsp.common.testkit.KafkaBroker;
import io.vsp.common.testkit.Metrics;
import io.vsp.common.testkit.RtspServer;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Camera passwords, right and wrong, never show: not in stdout or stderr (logs, FFmpeg's own lines
 * included), status records, metrics, nor {@code config check}.
 */
class SecretsIT {
  static final String RIGHT = "S3cr3t@x:y/z";
  static final String WRONG = "Wr0ngPa55%w";

  @TempDir
  Path dir;

  @Test
  void passwordsAppearNowhere() throws IOException {
    try (RtspServer server = RtspServer.builder().mount("/cam", "h264:320x240@10:gop=10")
        .digestAuth("viewer", RIGHT).start()) {
      String bootstrap = KafkaBroker.shared().bootstrap();
      Path config = Files.writeString(dir.resolve("vsp.yaml"), """
          kafka: {bootstrap: "%s", topicPrefix: secrets.}
          ingest: {metricsPort: 0, heartbeat: 1s, watchdog: {backoffMin: 500ms, backoffMax: 1s}}
          cameras:
            - {id: good, url: "%s", username: viewer, password: "${GOOD_PASS}"}
            - {id: bad, url: "%s", username: viewer, password: "${BAD_PASS}"}
          """.formatted(bootstrap, server.url("/cam"), server.url("/cam")));
      Map<String, String> env = Map.of("GOOD_PASS", RIGHT, "BAD_PASS", WRONG);

      Path checkLog = dir.resolve("check.log");
      try (JavaProcess check = JavaProcess.start(List.of("-Dlogback.configurationFile=logback.xml"),
          Main.class.getName(), List.of("config", "check", "--config", config.toString()), env, checkLog)) {
        assertThat(check.waitFor(Duration.ofSeconds(30))).isZero();
        assertThat(check.output()).contains("rtsp://***@127.0.0.1");
        assertNoSecret("config check output", check.output());
      }

      Path log = dir.resolve("ingest.log");
      try (JavaProcess ingest = JavaProcess.start(List.of("-Dlogback.configurationFile=logback.xml",
              "-DVSP_LOG_LEVEL=DEBUG"), Main.class.getName(),
          List.of("ingest", "--config", config.toString(), "--worker-id", "w1"), env, log)) {
        var status = awaitRecords(bootstrap, "secrets.status", all -> {
          String text = allText(all);
          return text.contains("\"camera\":\"good\",\"state\":\"online\"")
              && text.contains("\"camera\":\"bad\",\"state\":\"offline\"");
        }, Duration.ofSeconds(60));
        assertNoSecret("status records", allText(status));
        status.forEach(r -> JsonSchemas.assertValid("status", r.value()));
        awaitRecords(bootstrap, "secrets.status", all -> all.size() > status.size() + 4, Duration.ofSeconds(30));
        assertNoSecret("status records", allText(consumeAll(bootstrap, "secrets.status", Duration.ofMillis(300))));
        int port = metricsPort(ingest.output());
        assertNoSecret("metrics", Metrics.text(port));
        long stopAt = System.nanoTime();
        ingest.sigterm();
        // SIGTERM: readers stop, the producer flushes, the JVM exits within 10 s (143 = ended by SIGTERM)
        assertThat(ingest.waitFor(Duration.ofSeconds(10))).isEqualTo(143);
        assertThat(Duration.ofNanos(System.nanoTime() - stopAt)).isLessThan(Duration.ofSeconds(10));
        String output = ingest.output();
        assertThat(output).contains("ingest worker w1 stopped");
        assertThat(output).contains("bad").contains("401"); // the failure is reported, masked
        assertNoSecret("ingest stdout/stderr", output);
      }
    }
  }

  private static String allText(List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> records) {
    StringBuilder sb = new StringBuilder();
    records.forEach(r -> sb.append(new String(r.value(), StandardCharsets.UTF_8)).append('\n'));
    return sb.toString();
  }

  private static int metricsPort(String output) {
    Matcher m = Pattern.compile("metrics on port (\\d+)").matcher(output);
    assertThat(m.find()).as("metrics port in output:\n%s", output).isTrue();
    return Integer.parseInt(m.group(1));
  }

  private static void assertNoSecret(String where, String text) {
    for (String secret : List.of(RIGHT, WRONG)) {
      assertThat(text).as(where).doesNotContain(secret)
          .doesNotContain(URLEncoder.encode(secret, StandardCharsets.UTF_8))
          .doesNotContain(URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20"));
    }
  }
}
