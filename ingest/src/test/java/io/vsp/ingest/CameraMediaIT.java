package io.vsp.ingest;

import static io.vsp.common.testkit.KafkaTestClient.awaitRecords;
import static io.vsp.common.testkit.KafkaTestClient.header;
import static io.vsp.ingest.MediaChecks.bySession;
import static io.vsp.ingest.MediaChecks.countInFirst;
import static io.vsp.ingest.MediaChecks.longSession;
import static io.vsp.ingest.MediaChecks.of;
import static io.vsp.ingest.MediaChecks.spans;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vsp.common.testkit.JsonSchemas;
import io.vsp.common.testkit.KafkaBroker;
import io.vsp.common.testkit.Metrics;
import io.vsp.common.testkit.RtspServer;
import io.vsp.common.wire.Json;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cameras served by a real RTSP server (H.264, H.265, digest authentication, a detect substream) read by
 * a real ingest service into a real broker: what lands in {@code video} and {@code frames}.
 */
class CameraMediaIT {
  static final String PASSWORD = "p@ss:w/rd";
  static final List<String> CAMERAS = List.of("cam-h264", "cam-h265", "cam-auth", "cam-sub");

  @TempDir
  static Path dir;
  static RtspServer open;
  static RtspServer secured;
  static IngestRunner ingest;
  static List<ConsumerRecord<byte[], byte[]>> video;
  static List<ConsumerRecord<byte[], byte[]>> frames;

  @BeforeAll
  static void streamForTwelveSeconds() {
    open = RtspServer.builder()
        .mount("/h264", "h264:1280x720@25:gop=25")
        .mount("/h265", "h265:640x360@25:gop=25")
        .mount("/sub", "h264:640x360@25:gop=25")
        .start();
    secured = RtspServer.builder().mount("/cam", "h264:640x480@25:gop=25").digestAuth("viewer", PASSWORD).start();
    String bootstrap = KafkaBroker.shared().bootstrap();
    String yaml = """
        kafka: {bootstrap: "%s", topicPrefix: media., partitions: 2}
        ingest: {metricsPort: 0, heartbeat: 2s, watchdog: {noData: 5s, backoffMin: 500ms, backoffMax: 2s}}
        cameras:
          - {id: cam-h264, url: "%s", detect: {fps: 5, maxWidth: 640, jpegQuality: 80}}
          - {id: cam-h265, url: "%s", detect: {fps: 4, maxWidth: 1280}}
          - id: cam-auth
            url: "%s"
            username: ${CAM_USER}
            password: ${CAM_PASS}
            detect: {fps: 5, maxWidth: 500}
          - {id: cam-sub, url: "%s", detectUrl: "%s", detect: {fps: 5, maxWidth: 320}}
        """.formatted(bootstrap, open.url("/h264"), open.url("/h265"), secured.url("/cam"), open.url("/h264"),
        open.url("/sub"));
    ingest = new IngestRunner(dir.resolve("conf"), yaml, Map.of("CAM_USER", "viewer", "CAM_PASS", PASSWORD), "w1");
    Predicate<List<ConsumerRecord<byte[], byte[]>>> allSpan = all -> CAMERAS.stream().allMatch(c -> spans(c, 10.5).test(all));
    video = awaitRecords(bootstrap, ingest.topic("video"), allSpan, Duration.ofSeconds(60));
    frames = awaitRecords(bootstrap, ingest.topic("frames"), allSpan, Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    if (ingest != null) {
      ingest.close();
    }
    if (open != null) {
      open.close();
    }
    if (secured != null) {
      secured.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"cam-h264", "cam-h265", "cam-auth", "cam-sub"})
  void framesCarryEveryHeaderAndDecodeToTheSizeTheySay(String camera) {
    int maxWidth = Map.of("cam-h264", 640, "cam-h265", 1280, "cam-auth", 500, "cam-sub", 320).get(camera);
    int[] source = Map.of("cam-h264", new int[] {1280, 720}, "cam-h265", new int[] {640, 360},
        "cam-auth", new int[] {640, 480}, "cam-sub", new int[] {640, 360}).get(camera);
    List<ConsumerRecord<byte[], byte[]>> mine = of(frames, camera);
    assertThat(mine).isNotEmpty();
    for (var r : mine) {
      for (String h : List.of("vsp.camera", "vsp.session", "vsp.seq", "vsp.pts", "vsp.ts", "vsp.w", "vsp.h", "vsp.enc")) {
        assertThat(header(r, h)).as("header %s", h).isNotNull();
      }
      assertThat(header(r, "vsp.camera")).isEqualTo(camera);
      assertThat(header(r, "vsp.enc")).isEqualTo("jpeg");
      assertThat(Long.parseLong(header(r, "vsp.ts")) / 1000).isEqualTo(r.timestamp());
      int w = Integer.parseInt(header(r, "vsp.w"));
      int h = Integer.parseInt(header(r, "vsp.h"));
      BufferedImage img = MediaChecks.jpeg(r.value());
      assertThat(img.getWidth()).isEqualTo(w);
      assertThat(img.getHeight()).isEqualTo(h);
      assertThat(w).isLessThanOrEqualTo(maxWidth).isLessThanOrEqualTo(source[0]);
      assertThat((double) h).isCloseTo((double) source[1] * w / source[0], org.assertj.core.data.Offset.offset(1.0));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"cam-h264", "cam-h265", "cam-auth", "cam-sub"})
  void framesAreSampledAtDetectFpsWithoutSeqGaps(String camera) {
    double fps = camera.equals("cam-h265") ? 4 : 5;
    List<ConsumerRecord<byte[], byte[]>> session = longSession(frames, camera, 10);
    assertThat(countInFirst(session, 10) / 10.0).isBetween(fps * 0.9, fps * 1.1);
    for (var s : bySession(of(frames, camera)).values()) {
      for (int i = 0; i < s.size(); i++) {
        assertThat(header(s.get(i), "vsp.seq")).isEqualTo(Integer.toString(i));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"cam-h264", "cam-h265", "cam-auth", "cam-sub"})
  void videoMatchesTheSourceRateStartsWithAKeyframeAndDecodes(String camera) {
    List<ConsumerRecord<byte[], byte[]>> session = longSession(video, camera, 10);
    assertThat(countInFirst(session, 10)).isBetween(238, 262); // 25 fps ± 5 %
    for (var s : bySession(of(video, camera)).values()) {
      assertThat(header(s.get(0), "vsp.key")).as("first record of session %s", header(s.get(0), "vsp.session")).isEqualTo("1");
    }
    var r = session.get(0);
    assertThat(header(r, "vsp.codec")).isEqualTo(camera.equals("cam-h265") ? "hevc" : "h264");
    for (String h : List.of("vsp.camera", "vsp.session", "vsp.pts", "vsp.dts", "vsp.ts", "vsp.key", "vsp.w", "vsp.h")) {
      assertThat(header(r, h)).as("header %s", h).isNotNull();
    }
    for (int i = 0; i < session.size(); i++) {
      assertThat(MediaChecks.pictures(session.get(i).value(), header(r, "vsp.codec")))
          .as("pictures in record %d of %d (pts %s, key %s)", i, session.size(), header(session.get(i), "vsp.pts"),
              header(session.get(i), "vsp.key"))
          .isEqualTo(1);
    }
    MediaChecks.FfmpegResult result = MediaChecks.decode(session, dir);
    assertThat(result.errors()).as("FFmpeg decoding %s; first records' NAL units: %s", camera,
        MediaChecks.nalTypes(session.subList(0, Math.min(3, session.size())))).isEmpty();
    assertThat(result.exitCode()).isZero();
    assertThat(result.frames()).isEqualTo(session.size());
  }

  @Test
  void detectSubstreamFeedsFramesWhileTheMainStreamIsRecorded() {
    var main = of(video, "cam-sub").get(0);
    assertThat(header(main, "vsp.w")).isEqualTo("1280");
    var frame = of(frames, "cam-sub").get(0);
    assertThat(header(frame, "vsp.w")).isEqualTo("320");
    assertThat(header(frame, "vsp.h")).isEqualTo("180");
    assertThat(header(frame, "vsp.session")).isNotEqualTo(header(main, "vsp.session"));
  }

  @Test
  void everyCameraIsOnlineInStatusAndMetrics() {
    var status = awaitRecords(KafkaBroker.shared().bootstrap(), ingest.topic("status"),
        all -> CAMERAS.stream().allMatch(c -> of(all, c).stream().anyMatch(r -> state(r).equals("online"))),
        Duration.ofSeconds(10));
    status.forEach(r -> JsonSchemas.assertValid("status", r.value()));
    JsonNode s = Json.read(of(status, "cam-auth").get(0).value(), JsonNode.class);
    assertThat(s.get("v").asInt()).isEqualTo(1);
    assertThat(s.get("worker").asText()).isEqualTo("w1");
    int port = ingest.metricsPort();
    for (String c : CAMERAS) {
      assertThat(Metrics.value(port, "vsp_ingest_camera_up", c)).isEqualTo(1.0);
      assertThat(Metrics.value(port, "vsp_ingest_frames_published_total", c)).isGreaterThan(0);
      assertThat(Metrics.value(port, "vsp_ingest_packets_total", c)).isGreaterThan(0);
      assertThat(Metrics.value(port, "vsp_ingest_last_frame_timestamp_seconds", c)).isGreaterThan(1.7e9);
    }
    assertThat(Metrics.text(port)).contains("vsp_ingest_reconnects_total{camera=\"cam-h264\"} 0.0")
        .contains("vsp_ingest_publish_seconds_count");
    assertThat(Metrics.status(port, "/healthz")).isEqualTo(200);
    assertThat(Metrics.status(port, "/readyz")).isEqualTo(200);
  }

  static String state(ConsumerRecord<byte[], byte[]> r) {
    return Json.read(r.value(), JsonNode.class).get("state").asText();
  }
}
