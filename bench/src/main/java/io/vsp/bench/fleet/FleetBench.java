package io.vsp.bench.fleet;

import io.vsp.bench.BenchMain;
import io.vsp.bench.CpuTimes;
import io.vsp.bench.SampleVideo;
import io.vsp.bench.TopicStats;
import io.vsp.common.kafka.KafkaClients;
import io.vsp.common.testkit.JavaProcess;
import io.vsp.common.testkit.KafkaBroker;
import io.vsp.common.testkit.RtspServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fleet benchmark ({@code bench/run fleet}): what one more camera costs. Part one: one ingest worker
 * ({@code vsp ingest} in a child JVM, as deployed) reading 10, 20, 40 cameras from the test RTSP server's
 * file mounts (one pre-encoded 640x360 25 fps H.264 file, looped, one mount per camera), sampled at 2 fps.
 * Part two: one sink ({@code vsp sink}, clips off) tracking 100, 300, 1000 cameras' detections written at
 * 5 fps with 10 objects each. Per size: CPU, threads, RSS and Kafka traffic per topic, then the slope per
 * camera over the sizes; the broker and the input's source reported apart. Exits 1 when a pass failed;
 * a missed goal is reported, not failed.
 */
public final class FleetBench {
  /** Per 640x360 25 fps camera sampled at 2 fps (issue 13). */
  static final double INGEST_CORES_GOAL = 0.02;
  static final double INGEST_RSS_MB_GOAL = 8;
  /** Tracker JVM CPU per camera-frame at 10 objects (issue 13). */
  static final double TRACKER_MS_GOAL = 0.05;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final FleetOptions options;
  private final FleetReport report = new FleetReport(System.out);
  private final List<String> failures = new ArrayList<>();

  private FleetBench(FleetOptions options) {
    this.options = options;
  }

  public static void main(String[] args) {
    BenchMain.run("fleet", FleetOptions.USAGE, args, FleetOptions::parse, options -> new FleetBench(options).run());
  }

  private int run() throws Exception {
    Files.createDirectories(options.work());
    report.machine(options);
    try (KafkaBroker broker = KafkaBroker.startNew()) {
      KafkaClients clients = new KafkaClients(broker.bootstrap(), Map.of());
      Optional<ProcessHandle> brokerProcess = CpuTimes.child("kafka.Kafka");
      if (options.ingest()) {
        report.ingest(ingest(clients, brokerProcess));
      }
      if (options.tracker()) {
        report.tracker(tracker(clients, brokerProcess));
      }
    }
    if (!failures.isEmpty()) {
      System.out.println();
      failures.forEach(f -> System.out.println("FAILED: " + f));
      return 1;
    }
    return 0;
  }

  /** Part one: sizes take turns within each run, so a change in the machine's load touches every size. */
  private List<FleetReport.Pass> ingest(KafkaClients clients, Optional<ProcessHandle> broker) throws Exception {
    Path video = options.work().resolve("camera-640x360p25-20s-1M.mp4");
    if (!Files.exists(video)) {
      System.out.println("generating " + video.getFileName() + " (20 s of 640x360 at 25 fps, 1 Mbit/s)...");
      SampleVideo.encode(video, 640, 360, 25, 20, "1M", 50);
    }
    int most = options.cameras().stream().mapToInt(Integer::intValue).max().orElseThrow();
    RtspServer.Builder mounts = RtspServer.builder();
    for (int i = 0; i < most; i++) {
      mounts.mountFile("/" + DetectionsFeed.camera(i), video.toAbsolutePath(), true);
    }
    List<FleetReport.Pass> passes = new ArrayList<>();
    try (RtspServer rtsp = mounts.start()) {
      Optional<ProcessHandle> simulator = CpuTimes.child("rtsp_server.py");
      for (int run = 1; run <= options.runs(); run++) {
        for (int cameras : options.cameras()) {
          int n = cameras;
          int r = run;
          attempt("ingest", cameras, run, () -> passes.add(ingestPass(clients, broker, simulator, rtsp, n, r)));
        }
      }
    }
    return passes;
  }

  /** Part two: the feed starts once the sink has created its topics, the window once the sink keeps up. */
  private List<FleetReport.Pass> tracker(KafkaClients clients, Optional<ProcessHandle> broker) throws Exception {
    List<FleetReport.Pass> passes = new ArrayList<>();
    for (int run = 1; run <= options.runs(); run++) {
      for (int cameras : options.trackerCameras()) {
        int n = cameras;
        int r = run;
        attempt("tracker", cameras, run, () -> passes.add(trackerPass(clients, broker, n, r)));
      }
    }
    return passes;
  }

  private FleetReport.Pass ingestPass(KafkaClients clients, Optional<ProcessHandle> broker,
                                      Optional<ProcessHandle> simulator, RtspServer rtsp, int cameras, int run)
      throws Exception {
    String prefix = "fleet.i" + cameras + "-r" + run + ".";
    Path dir = options.work().resolve("ingest-" + cameras + "-r" + run);
    Files.createDirectories(dir);
    Path config = dir.resolve("vsp.yaml");
    Files.writeString(config, ingestYaml(clients.bootstrap(), prefix, cameras, rtsp));
    try (JavaProcess worker = JavaProcess.start(options.ingestJvm(), "io.vsp.app.Main",
        List.of("ingest", "--config", config.toString(), "--worker-id", "fleet"), FleetOptions.INGEST_ENV,
        dir.resolve("ingest.log"))) {
      awaitRecords(clients, prefix + "frames", cameras * 2L, worker);
      Thread.sleep(options.warmUp().toMillis());
      Window.Result w = Window.measure(worker.pid(), broker, simulator, clients, prefix, options.window());
      stop(worker);
      return report.pass(new FleetReport.Pass("ingest", cameras, run, w, 0, 0, 0));
    }
  }

  private FleetReport.Pass trackerPass(KafkaClients clients, Optional<ProcessHandle> broker, int cameras, int run)
      throws Exception {
    String prefix = "fleet.t" + cameras + "-r" + run + ".";
    Path dir = options.work().resolve("tracker-" + cameras + "-r" + run);
    Files.createDirectories(dir);
    Path config = dir.resolve("vsp.yaml");
    Files.writeString(config, sinkYaml(clients.bootstrap(), prefix, dir.resolve("store")));
    try (JavaProcess sink = JavaProcess.start(options.jvmOptions(), "io.vsp.app.Main",
        List.of("sink", "--config", config.toString(), "--instance-id", "fleet"), Map.of(),
        dir.resolve("sink.log"))) {
      String detections = prefix + "detections";
      String group = prefix + "sink";
      awaitTopic(clients, detections, sink);
      try (DetectionsFeed feed = new DetectionsFeed(clients, detections, cameras, FleetOptions.TRACKER_FPS,
          FleetOptions.OBJECTS, 0.8)) {
        feed.start();
        awaitCaughtUp(clients, group, detections, cameras, sink);
        Thread.sleep(options.warmUp().toMillis());
        long lagBefore = TopicStats.lag(clients, group, detections);
        long doneBefore = TopicStats.committed(clients, group, detections);
        long late = feed.lateSlots();
        Window.Result w = Window.measure(sink.pid(), broker, Optional.empty(), clients, prefix, options.window());
        long lagAfter = TopicStats.lag(clients, group, detections);
        long processed = TopicStats.committed(clients, group, detections) - doneBefore;
        FleetReport.Pass pass = new FleetReport.Pass("tracker", cameras, run, w, processed, lagAfter - lagBefore,
            feed.lateSlots() - late);
        stop(sink);
        return report.pass(pass);
      }
    }
  }

  /** A pass that failed (a service that did not start in time on a loaded machine) is reported, not fatal. */
  private void attempt(String part, int cameras, int run, Pass pass) {
    try {
      pass.run();
    } catch (Exception e) {
      failures.add(part + " " + cameras + " cameras run " + run + ": " + e.getMessage());
      System.out.printf("%s %4d cameras run %d: FAILED: %s%n", part, cameras, run, e.getMessage());
    }
  }

  /** One pass of the benchmark. */
  @FunctionalInterface
  private interface Pass {
    void run() throws Exception;
  }

  private static String ingestYaml(String bootstrap, String prefix, int cameras, RtspServer rtsp) {
    StringBuilder yaml = new StringBuilder("""
        kafka:
          bootstrap: %s
          topicPrefix: %s
        ingest:
          metricsPort: 0
        cameras:
        """.formatted(bootstrap, prefix));
    for (int i = 0; i < cameras; i++) {
      String id = DetectionsFeed.camera(i);
      yaml.append("  - id: ").append(id).append("\n    url: ").append(rtsp.url("/" + id))
          .append("\n    detect: {fps: ").append(FleetOptions.INGEST_DETECT_FPS)
          .append(", maxWidth: 640, jpegQuality: 85}\n");
    }
    return yaml.toString();
  }

  /** No cameras configured: the tracker uses its defaults for unknown cameras (minScore 0.5, all labels). */
  private static String sinkYaml(String bootstrap, String prefix, Path store) {
    return """
        kafka:
          bootstrap: %s
          topicPrefix: %s
        sink:
          metricsPort: 0
          http: {port: 0}
          store: {dir: %s}
          clips: {enabled: false}
        """.formatted(bootstrap, prefix, store.toAbsolutePath());
  }

  private static void awaitRecords(KafkaClients clients, String topic, long records, JavaProcess service)
      throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      try {
        if (TopicStats.records(clients, topic) >= records) {
          return;
        }
      } catch (Exception e) {
        // the topic does not exist yet
      }
      checkAlive(service, deadline, records + " records in " + topic);
      Thread.sleep(500);
    }
  }

  private static void awaitTopic(KafkaClients clients, String topic, JavaProcess service) throws Exception {
    awaitRecords(clients, topic, 0, service);
  }

  /**
   * Until the tracker has committed offsets and is less than a second of input behind, or for at most
   * {@link #START_TIMEOUT}: a tracker that cannot keep up is measured anyway, its lag in the report.
   */
  private static void awaitCaughtUp(KafkaClients clients, String group, String topic, int cameras,
                                    JavaProcess service) throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    long lag = -1;
    while (System.nanoTime() < deadline) {
      lag = TopicStats.lag(clients, group, topic);
      if (lag >= 0 && lag < cameras * FleetOptions.TRACKER_FPS) {
        return;
      }
      checkAlive(service, Long.MAX_VALUE, "the tracker to catch up");
      Thread.sleep(500);
    }
    System.out.printf("tracker %d cameras: still %d records behind after %d s; measuring it as it is%n", cameras,
        lag, START_TIMEOUT.toSeconds());
  }

  private static void checkAlive(JavaProcess service, long deadline, String what) {
    if (!service.isAlive()) {
      throw new IllegalStateException(service + " exited while waiting for " + what + "; log " + service.logFile());
    }
    if (System.nanoTime() > deadline) {
      throw new IllegalStateException("waited " + START_TIMEOUT.toSeconds() + " s for " + what + "; log "
          + service.logFile());
    }
  }

  private static void stop(JavaProcess service) {
    service.sigterm();
    service.waitFor(STOP_TIMEOUT);
  }
}
