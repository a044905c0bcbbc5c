package io.vsp.bench;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.vsp.common.config.ConfigLoader;
import io.vsp.common.config.VspConfig;
import io.vsp.common.kafka.KafkaClients;
import io.vsp.common.kafka.Topics;
import io.vsp.ingest.IngestService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * CPU cores the whole ingest service ({@link IngestService}, as {@code vsp ingest} runs it) uses for one
 * live 1080p25 camera: this JVM's CPU time over a measuring window after a warm-up, divided by the
 * window's wall time. The broker and the RTSP camera simulator are other processes, reported apart.
 */
final class RealtimeCpu {
  static final String CAMERA = "bench";

  /** A camera setup: main stream only (decoded for detection too), or main plus a detect substream. */
  record Scenario(String name, String description, boolean substream) {}

  /**
   * What a window measured; cores are CPU seconds per wall second.
   *
   * @param threadNanos this JVM's CPU ns in the window by thread role
   * @param otherCores cores other programs on the machine used meanwhile
   * @param packetsPerSecond video packets read, both streams
   * @param videoMbps bit rate of the {@code video} topic (the main stream as recorded)
   * @param jpegBytes average size of a {@code frames} record
   */
  record Result(Scenario scenario, double seconds, double jvmCores, double brokerCores, double cameraCores,
                double otherCores, Map<String, Long> threadNanos, double packetsPerSecond, double videoPerSecond,
                double framesPerSecond, double videoMbps, double jpegBytes, long dropped) {}

  private RealtimeCpu() {}

  static Result run(Scenario scenario, String bootstrap, String mainUrl, String subUrl, Path dir,
                    Duration warmUp, Duration window) throws Exception {
    Files.createDirectories(dir);
    Path configFile = dir.resolve("vsp.yaml");
    Files.writeString(configFile, yaml(scenario, bootstrap, mainUrl, subUrl));
    VspConfig config = ConfigLoader.load(configFile);
    PrometheusRegistry registry = new PrometheusRegistry();
    Optional<ProcessHandle> broker = CpuTimes.child("kafka.Kafka");
    Optional<ProcessHandle> camera = CpuTimes.child("rtsp_server.py");
    KafkaClients clients = new KafkaClients(bootstrap, Map.of());
    String videoTopic = config.kafka().topicPrefix() + Topics.VIDEO.name();
    String framesTopic = config.kafka().topicPrefix() + Topics.FRAMES.name();
    // a fatal error is logged by the service; the run then measures a stopped worker and says so in its numbers
    try (IngestService service = new IngestService(config, "bench", 1, registry, e -> { })) {
      service.start();
      awaitFirstFrame(registry, Duration.ofSeconds(60));
      Thread.sleep(warmUp.toMillis());
      double packets = counter(registry, "vsp_ingest_packets_total");
      double video = counter(registry, "vsp_ingest_video_published_total");
      double frames = counter(registry, "vsp_ingest_frames_published_total");
      long videoBytes = TopicStats.bytes(clients, videoTopic);
      long framesBytes = TopicStats.bytes(clients, framesTopic);
      CpuTimes.ThreadSample threads = CpuTimes.ThreadSample.take();
      long busy = CpuTimes.machineBusyNanos();
      long jvm = CpuTimes.processNanos();
      long brokerCpu = CpuTimes.processNanos(broker);
      long cameraCpu = CpuTimes.processNanos(camera);
      long start = System.nanoTime();
      Thread.sleep(window.toMillis());
      double seconds = (System.nanoTime() - start) / 1e9;
      Map<String, Long> threadCpu = CpuTimes.ThreadSample.take().since(threads, RealtimeCpu::role);
      jvm = CpuTimes.processNanos() - jvm;
      brokerCpu = CpuTimes.processNanos(broker) - brokerCpu;
      cameraCpu = CpuTimes.processNanos(camera) - cameraCpu;
      busy = CpuTimes.machineBusyNanos() - busy;
      double others = Math.max(0, busy - jvm - brokerCpu - cameraCpu) / 1e9 / seconds;
      double framesSent = counter(registry, "vsp_ingest_frames_published_total") - frames;
      videoBytes = TopicStats.bytes(clients, videoTopic) - videoBytes;
      framesBytes = TopicStats.bytes(clients, framesTopic) - framesBytes;
      double dropped = counter(registry, "vsp_ingest_dropped_total");
      return new Result(scenario, seconds, jvm / 1e9 / seconds, brokerCpu / 1e9 / seconds,
          cameraCpu / 1e9 / seconds, others, threadCpu,
          (counter(registry, "vsp_ingest_packets_total") - packets) / seconds,
          (counter(registry, "vsp_ingest_video_published_total") - video) / seconds, framesSent / seconds,
          videoBytes * 8 / seconds / 1e6, framesBytes / Math.max(1, framesSent), (long) dropped);
    }
  }

  private static String yaml(Scenario scenario, String bootstrap, String mainUrl, String subUrl) {
    return """
        kafka:
          bootstrap: %s
          topicPrefix: bench.rt-%s.
        cameras:
          - id: %s
            url: %s
        %s    detect: {fps: 5, maxWidth: 1280, jpegQuality: 85}
        ingest:
          metricsPort: 0
        """.formatted(bootstrap, scenario.name(), CAMERA, mainUrl,
        scenario.substream() ? "    detectUrl: " + subUrl + "\n" : "");
  }

  private static void awaitFirstFrame(PrometheusRegistry registry, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (counter(registry, "vsp_ingest_frames_published_total") < 1
        || counter(registry, "vsp_ingest_video_published_total") < 1) {
      if (System.nanoTime() > deadline) {
        throw new IOException("the camera published no video and frames within " + timeout.toSeconds() + " s");
      }
      Thread.sleep(200);
    }
  }

  /** The camera's value of a counter of the service's registry (all other labels summed). */
  static double counter(PrometheusRegistry registry, String name) {
    double sum = 0;
    for (MetricSnapshot snapshot : registry.scrape()) {
      String n = snapshot.getMetadata().getPrometheusName();
      if (snapshot instanceof CounterSnapshot counter && (n.equals(name) || (n + "_total").equals(name))) {
        for (var point : counter.getDataPoints()) {
          if (CAMERA.equals(point.getLabels().get("camera"))) {
            sum += point.getValue();
          }
        }
      }
    }
    return sum;
  }

  /** Groups the service's threads by what they do (kernel names are cut at 15 characters). */
  static String role(String thread) {
    String jvm = CpuTimes.jvmRole(thread);
    if (jvm != null) {
      return jvm;
    }
    if (thread.startsWith("capture:")) {
      return "capture: main stream";
    }
    if (thread.startsWith("detect:")) {
      return "detect: substream";
    }
    if (thread.startsWith("kafka-producer")) {
      return "Kafka producer I/O";
    }
    if (thread.startsWith("av:")) {
      return "FFmpeg decoder threads";
    }
    return "other";
  }
}
