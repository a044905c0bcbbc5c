package io.vsp.detector;

import static io.vsp.common.testkit.KafkaTestClient.awaitRecords;
import static io.vsp.common.testkit.KafkaTestClient.key;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.config.ConfigLoader;
import io.vsp.common.config.VspConfig;
import io.vsp.common.testkit.JsonSchemas;
import io.vsp.common.testkit.KafkaBroker;
import io.vsp.common.testkit.KafkaTestClient;
import io.vsp.common.testkit.Metrics;
import io.vsp.common.wire.Boxes;
import io.vsp.common.wire.Json;
import io.vsp.detector.engine.InputType;
import io.vsp.detector.synth.ModelKind;
import io.vsp.detector.synth.ModelSynth;
import io.vsp.detector.engine.OutputFormat;
import io.vsp.detector.synth.Palette;
import io.vsp.detector.synth.SynthSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frames with rectangles of known position, at four sizes, plus an empty, a stale and a corrupt frame,
 * through a real detector (ONNX Runtime, the synthetic model) on a real broker: one detections record
 * per frame, read committed, with the rectangles found.
 */
class DetectorIT {
  static final Palette.Entry RED = Palette.entries().get(0);
  static final Palette.Entry GREEN = Palette.entries().get(1);
  static final Palette.Entry BLUE = Palette.entries().get(2);

  @TempDir
  Path dir;

  @Test
  void everyFrameGetsExactlyOneDetectionsRecordWithItsRectanglesFound() throws Exception {
    Path model = dir.resolve("synthetic.onnx");
    ModelSynth.write(new SynthSpec(ModelKind.SYNTHETIC, OutputFormat.RAW, InputType.FLOAT32, 4, 640), model);
    String bootstrap = KafkaBroker.shared().bootstrap();
    Path config = Files.writeString(dir.resolve("vsp.yaml"), """
        kafka: {bootstrap: "%s", topicPrefix: det., partitions: 2}
        detector: {metricsPort: 0, model: "%s", batch: {max: 4, maxWait: 50ms}, maxFrameAge: 1h}
        """.formatted(bootstrap, model));
    VspConfig cfg = ConfigLoader.load(config);
    KafkaTestClient.createTopic(bootstrap, "det.frames", 2);

    List<TestFrames.Rect> truth = List.of(new TestFrames.Rect(RED, 0.10, 0.20, 0.30, 0.60),
        new TestFrames.Rect(GREEN, 0.55, 0.10, 0.90, 0.40), new TestFrames.Rect(BLUE, 0.40, 0.65, 0.70, 0.95));
    int[][] sizes = {{1920, 1080}, {1280, 720}, {720, 1280}, {640, 480}};
    long now = System.currentTimeMillis() * 1000;
    int seq = 0;
    for (int[] size : sizes) {
      produce(bootstrap, "cam-" + size[0] + "x" + size[1], seq++, now, size, TestFrames.jpeg(size[0], size[1], truth));
    }
    produce(bootstrap, "empty", seq++, now, new int[] {640, 480}, TestFrames.jpeg(640, 480, List.of()));
    produce(bootstrap, "broken", seq++, now, new int[] {640, 480}, new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
    produce(bootstrap, "late", seq++, now - 2L * 3600 * 1_000_000, new int[] {640, 480},
        TestFrames.jpeg(640, 480, truth));
    int frames = seq;

    List<Throwable> fatal = new CopyOnWriteArrayList<>();
    try (DetectorService detector = new DetectorService(cfg, "it-1", new PrometheusRegistry(), fatal::add)) {
      detector.start();
      List<ConsumerRecord<byte[], byte[]>> out = awaitRecords(bootstrap, "det.detections",
          all -> all.size() >= frames, Duration.ofSeconds(60), true);
      assertThat(fatal).isEmpty();
      assertThat(out).hasSize(frames);
      Map<String, JsonNode> byCamera = new HashMap<>();
      for (var r : out) {
        JsonSchemas.assertValid("detections", r.value());
        byCamera.put(key(r), Json.read(r.value(), JsonNode.class));
      }
      for (int[] size : sizes) {
        JsonNode d = byCamera.get("cam-" + size[0] + "x" + size[1]);
        assertThat(d.get("status").asText()).isEqualTo("processed");
        assertThat(d.get("frame").get("width").asInt()).isEqualTo(size[0]);
        List<JsonNode> objects = new ArrayList<>();
        d.get("objects").forEach(objects::add);
        assertThat(objects).as("objects at %dx%d: %s", size[0], size[1], d.get("objects")).hasSize(truth.size());
        for (TestFrames.Rect rect : truth) {
          JsonNode found = objects.stream().filter(o -> o.get("label").asText().equals(rect.colour().cocoLabel()))
              .findFirst().orElseThrow(() -> new AssertionError("no " + rect.colour().cocoLabel() + " in " + d));
          double[] box = new double[4];
          for (int i = 0; i < 4; i++) {
            box[i] = found.get("box").get(i).asDouble();
          }
          assertThat(Boxes.iou(box, new double[] {rect.x1(), rect.y1(), rect.x2(), rect.y2()}))
              .as("IoU of %s at %dx%d", rect.colour().name(), size[0], size[1]).isGreaterThanOrEqualTo(0.9);
        }
      }
      assertThat(byCamera.get("empty").get("status").asText()).isEqualTo("processed");
      assertThat(byCamera.get("empty").get("objects")).isEmpty();
      assertThat(byCamera.get("broken").get("status").asText()).isEqualTo("corrupt");
      assertThat(byCamera.get("late").get("status").asText()).isEqualTo("stale");
      int port = detector.metricsPort();
      assertThat(Metrics.scrape(port)).containsEntry("vsp_detector_frames_total{camera=\"broken\",outcome=\"corrupt\"}", 1.0)
          .containsEntry("vsp_detector_frames_total{camera=\"late\",outcome=\"stale\"}", 1.0);
      assertThat(Metrics.status(port, "/readyz")).isEqualTo(200);
    }
  }

  @Test
  void backlogFromFourCamerasIsInferredInBatchesOfTwoOrMore() throws Exception {
    Path model = dir.resolve("synthetic8.onnx");
    ModelSynth.write(new SynthSpec(ModelKind.SYNTHETIC, OutputFormat.RAW, InputType.UINT8, 8, 320), model);
    String bootstrap = KafkaBroker.shared().bootstrap();
    Path config = Files.writeString(dir.resolve("vsp.yaml"), """
        kafka: {bootstrap: "%s", topicPrefix: backlog., partitions: 4}
        detector: {metricsPort: 0, model: "%s", input: {size: 320, resize: 318}, batch: {max: 8, maxWait: 20ms}, maxFrameAge: 1h, preprocess: {threads: 2}, inflight: 2}
        """.formatted(bootstrap, model));
    KafkaTestClient.createTopic(bootstrap, "backlog.frames", 4);
    byte[] jpeg = TestFrames.jpeg(640, 360, List.of(new TestFrames.Rect(RED, 0.1, 0.1, 0.4, 0.5)));
    long now = System.currentTimeMillis() * 1000;
    List<ProducerRecord<byte[], byte[]>> backlog = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      for (int cam = 0; cam < 4; cam++) {
        backlog.add(KafkaTestClient.record("backlog.frames", "cam" + cam, jpeg,
            headers("cam" + cam, i, now, new int[] {640, 360})));
      }
    }
    KafkaTestClient.sendAll(bootstrap, backlog);
    int expected = backlog.size();
    AtomicReference<Throwable> died = new AtomicReference<>(); // the service's fatal path, which would end it
    try (DetectorService detector = new DetectorService(ConfigLoader.load(config), "backlog-1",
        new PrometheusRegistry(), died::set)) {
      detector.start();
      try {
        awaitRecords(bootstrap, "backlog.detections", all -> all.size() >= expected, Duration.ofSeconds(90), true);
      } catch (AssertionError e) { // a stage that died leaves the service up but stalled: name it
        throw new AssertionError(e.getMessage() + "; a stage died: " + died.get(), died.get());
      }
      Map<String, Double> m = Metrics.scrape(detector.metricsPort());
      double batches = m.get("vsp_detector_batch_size_count");
      double inferred = m.get("vsp_detector_batch_size_sum");
      assertThat(inferred).isEqualTo(expected);
      assertThat(inferred / batches).as("mean batch size over %s batches", batches).isGreaterThanOrEqualTo(2.0);
    }
  }

  private static Map<String, String> headers(String camera, int seq, long captureUs, int[] size) {
    return Map.of("vsp.camera", camera, "vsp.session", "1", "vsp.seq", Integer.toString(seq), "vsp.pts", "0",
        "vsp.ts", Long.toString(captureUs), "vsp.w", Integer.toString(size[0]), "vsp.h", Integer.toString(size[1]),
        "vsp.enc", "jpeg");
  }

  private static void produce(String bootstrap, String camera, int seq, long captureUs, int[] size, byte[] jpeg) {
    KafkaTestClient.produce(bootstrap, "det.frames", camera, jpeg, Map.of(
        "vsp.camera", camera, "vsp.session", "1", "vsp.seq", Integer.toString(seq), "vsp.pts", "0",
        "vsp.ts", Long.toString(captureUs), "vsp.w", Integer.toString(size[0]), "vsp.h", Integer.toString(size[1]),
        "vsp.enc", "jpeg"));
  }
}
