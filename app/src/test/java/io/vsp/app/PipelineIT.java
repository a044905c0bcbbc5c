package io.vsp.app;

import static io.vsp.common.testkit.KafkaTestClient.awaitRecords;
import static io.vsp.common.testkit.KafkaTestClient.key;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.config.ConfigLoader;
import io.vsp.common.config.VspConfig;
import io.vsp.common.testkit.JsonSchemas;
import io.vsp.common.testkit.KafkaBroker;
import io.vsp.common.testkit.RtspServer;
import io.vsp.common.wire.Json;
import io.vsp.detector.DetectorService;
import io.vsp.detector.engine.InputType;
import io.vsp.detector.synth.ModelKind;
import io.vsp.detector.synth.ModelSynth;
import io.vsp.detector.engine.OutputFormat;
import io.vsp.detector.synth.SynthSpec;
import io.vsp.ingest.IngestService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on real parts: an RTSP camera showing 100 % SMPTE colour bars (yellow, cyan, green,
 * magenta, red, blue: the synthetic model's palette) → ingest → frames → detector → detections with
 * every bar found where it is.
 */
class PipelineIT {
  @TempDir
  Path dir;

  @Test
  void colourBarsFromACameraComeOutAsDetections() throws Exception {
    Path model = dir.resolve("synthetic.onnx");
    ModelSynth.write(new SynthSpec(ModelKind.SYNTHETIC, OutputFormat.BATCH, InputType.UINT8, 2, 640), model);
    try (RtspServer camera = RtspServer.builder().mount("/bars", "h264:640x360@25:gop=25:pattern=smpte100").start()) {
      String bootstrap = KafkaBroker.shared().bootstrap();
      Path config = Files.writeString(dir.resolve("vsp.yaml"), """
          kafka: {bootstrap: "%s", topicPrefix: e2e., partitions: 2}
          cameras:
            - {id: bars, url: "%s", detect: {fps: 2, maxWidth: 640}}
          ingest: {metricsPort: 0}
          detector: {metricsPort: 0, model: "%s", batch: {max: 2, maxWait: 20ms}, maxFrameAge: 5s, preprocess: {threads: 2}, inflight: 2}
          """.formatted(bootstrap, camera.url("/bars"), model));
      VspConfig cfg = ConfigLoader.load(config);
      var fatal = new CopyOnWriteArrayList<Throwable>();
      try (IngestService ingest = new IngestService(cfg, "e2e", 1, new PrometheusRegistry(), fatal::add);
           DetectorService detector = new DetectorService(cfg, "e2e", new PrometheusRegistry(), fatal::add)) {
        ingest.start();
        detector.start();
        var records = awaitRecords(bootstrap, "e2e.detections", all -> all.stream()
            .anyMatch(r -> "bars".equals(key(r)) && objects(r).size() >= 6), Duration.ofSeconds(60), true);
        assertThat(fatal).isEmpty();
        records.forEach(r -> JsonSchemas.assertValid("detections", r.value()));
        ConsumerRecord<byte[], byte[]> found = records.stream()
            .filter(r -> "bars".equals(key(r)) && objects(r).size() >= 6).findFirst().orElseThrow();
        Map<String, JsonNode> byLabel = objects(found);
        // the top two thirds: white, yellow, cyan, green, magenta, red, blue bars of 1/7 width each
        assertBar(byLabel.get("car"), 3);    // green
        assertBar(byLabel.get("person"), 5); // red
        assertThat(byLabel).containsKeys("bicycle", "truck", "cat", "dog");
      }
    }
  }

  private static Map<String, JsonNode> objects(ConsumerRecord<byte[], byte[]> r) {
    Map<String, JsonNode> out = new HashMap<>();
    JsonNode d = Json.read(r.value(), JsonNode.class);
    d.get("objects").forEach(o -> out.put(o.get("label").asText(), o));
    return out;
  }

  private static void assertBar(JsonNode object, int index) {
    assertThat(object).isNotNull();
    JsonNode box = object.get("box");
    assertThat(box.get(0).asDouble()).isCloseTo(index / 7.0, org.assertj.core.data.Offset.offset(0.03));
    assertThat(box.get(2).asDouble()).isCloseTo((index + 1) / 7.0, org.assertj.core.data.Offset.offset(0.03));
    assertThat(box.get(1).asDouble()).isLessThan(0.03);
  }
}
