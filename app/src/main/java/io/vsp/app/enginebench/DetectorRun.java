package io.vsp.app.enginebench;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.config.ConfigLoader;
import io.vsp.common.config.VspConfig;
import io.vsp.common.kafka.KafkaClients;
import io.vsp.common.wire.MediaHeaders;
import io.vsp.detector.DetectorService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The whole detector on the TensorRT engine: an embedded broker, a backlog of generated 1280×720 JPEG
 * frames from four cameras in {@code frames}, and the detector service (JPEG decode, letterbox, batching,
 * engine, decoding, transactional {@code detections}) consuming it; timed from the first frame sent to the
 * last {@code detections} record read.
 */
final class DetectorRun {
  static final String PREFIX = "bench.";
  static final int CAMERAS = 4;
  static final int WIDTH = 1280;
  static final int HEIGHT = 720;

  /** Frames per second through the detector, and how many detections records came back. */
  record Result(long frames, long detections, double framesPerSecond) {}

  private DetectorRun() {}

  /**
   * @param config the bench's configuration file ({@link #configText}) with this broker's bootstrap
   */
  static Result run(Path config, long frames, Duration timeout) throws Exception {
    byte[] jpeg = PaletteFrame.jpeg(WIDTH, HEIGHT);
    VspConfig cfg = ConfigLoader.load(config);
    String bootstrap = cfg.kafka().bootstrap();
    AtomicReference<Throwable> fatal = new AtomicReference<>();
    try (DetectorService detector = new DetectorService(cfg, "engine-bench", new PrometheusRegistry(), fatal::set);
         KafkaConsumer<byte[], byte[]> detections = consumer(bootstrap)) {
      detector.start();
      long begin = System.nanoTime();
      send(bootstrap, jpeg, frames);
      long seen = 0;
      long deadline = begin + timeout.toNanos();
      while (seen < frames && System.nanoTime() < deadline && fatal.get() == null) {
        ConsumerRecords<byte[], byte[]> records = detections.poll(Duration.ofMillis(200));
        seen += records.count();
      }
      double seconds = (System.nanoTime() - begin) / 1e9;
      if (fatal.get() != null) {
        throw new IllegalStateException("the detector stopped: " + fatal.get(), fatal.get());
      }
      return new Result(frames, seen, seen / seconds);
    }
  }

  /** The configuration both phases run: the detector on TensorRT, the model, batch, slots and device. */
  static String configText(String bootstrap, Path model, int batch, int inflight, int device) throws IOException {
    int size = modelSize(model); // YOLO-NAS letterbox: longest side to 636 of 640, kept in proportion
    return """
        # written by `vsp engine bench`: the detector it measures
        kafka: {bootstrap: "%s", topicPrefix: %s, partitions: %d}
        detector:
          metricsPort: 0
          engine: tensorrt
          model: "%s"
          input: {size: %d, resize: %d}
          batch: {max: %d, maxWait: 20ms}
          inflight: %d
          tensorrt: {device: %d}
        """.formatted(bootstrap, PREFIX, CAMERAS, model.toAbsolutePath(), size, size * 636 / 640, batch, inflight,
        device);
  }

  /** The square input size of the model, which {@code detector.input.size} must equal. */
  private static int modelSize(Path model) throws IOException {
    var scan = io.vsp.detector.engine.contract.OnnxModelScan.read(model);
    return Math.toIntExact(scan.inputs().get(0).dim(3));
  }

  private static void send(String bootstrap, byte[] jpeg, long frames) {
    Properties props = new KafkaClients(bootstrap, Map.of()).producer("engine-bench-feed");
    String session = Long.toString(System.currentTimeMillis());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      for (long i = 0; i < frames; i++) {
        String camera = "cam" + (i % CAMERAS + 1);
        long seq = i / CAMERAS;
        Instant now = Instant.now();
        long nowUs = now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(PREFIX + "frames", null, nowUs / 1000,
            camera.getBytes(StandardCharsets.UTF_8), jpeg);
        MediaHeaders.add(r.headers(), MediaHeaders.CAMERA, camera);
        MediaHeaders.add(r.headers(), MediaHeaders.SESSION, session);
        MediaHeaders.add(r.headers(), MediaHeaders.SEQ, seq);
        MediaHeaders.add(r.headers(), MediaHeaders.PTS, seq * 200_000);
        MediaHeaders.add(r.headers(), MediaHeaders.TS, nowUs);
        MediaHeaders.add(r.headers(), MediaHeaders.WIDTH, WIDTH);
        MediaHeaders.add(r.headers(), MediaHeaders.HEIGHT, HEIGHT);
        MediaHeaders.add(r.headers(), MediaHeaders.ENCODING, "jpeg");
        producer.send(r);
      }
      producer.flush();
    }
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
    Properties props = new KafkaClients(bootstrap, Map.of()).consumer("engine-bench-watch", "engine-bench-watch",
        Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed"));
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props);
    consumer.subscribe(List.of(PREFIX + "detections"));
    return consumer;
  }
}
