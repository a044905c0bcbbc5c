package io.vsp.bench.detector;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.bench.CpuTimes;
import io.vsp.bench.NamedThread;
import io.vsp.common.config.ConfigLoader;
import io.vsp.common.kafka.KafkaClients;
import io.vsp.common.kafka.Topics;
import io.vsp.detector.DetectorService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;

/**
 * Latency below saturation: four live cameras send frames at a fixed total rate, each stamped with the
 * moment it is sent as its capture time, to the running detector; after a warm-up, a window of frames is
 * followed to their {@code detections} records. Capture → sent is the record's own {@code timing.e2eMs}
 * (the service stamps it as it builds the record, before the transaction commits); capture → visible is
 * when a {@code read_committed} reader gets it.
 */
final class LatencyRun {
  /** Percentiles of one latency, ms. */
  record Percentiles(double p50, double p90, double p99, double max, int n) {
    static Percentiles of(double[] values) {
      double[] v = values.clone();
      Arrays.sort(v);
      return new Percentiles(at(v, 0.50), at(v, 0.90), at(v, 0.99), v.length == 0 ? Double.NaN : v[v.length - 1],
          v.length);
    }

    /** Nearest rank. */
    private static double at(double[] sorted, double q) {
      return sorted.length == 0 ? Double.NaN : sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
    }
  }

  /**
   * @param offeredFps frames per second sent, all cameras together
   * @param sent frames sent in the window
   * @param sentLatency capture → record built and sent ({@code timing.e2eMs}), ms
   * @param visibleLatency capture → readable by a read_committed consumer, ms
   * @param meanQueueMs mean {@code timing.queueMs} (polled → batch formed)
   * @param meanInferMs mean {@code timing.inferMs} (the batch's engine time)
   * @param metrics the service's histograms over the window and until its last frame was done
   * @param engineBusy share of that time the engine was running a batch
   * @param jvmCores, brokerCores, otherCores CPU over the window, in cores
   */
  record Result(int batch, Duration maxWait, double offeredFps, double seconds, long sent, Percentiles sentLatency,
                Percentiles visibleLatency, double meanQueueMs, double meanInferMs, MetricsReading metrics,
                double engineBusy, double jvmCores, double brokerCores, double otherCores,
                List<String> problems) {}

  private LatencyRun() {}

  static Result run(Path model, int batch, int threads, Duration maxWait, double fps, Duration warmUp, Duration window,
                    SampleJpegs.Info sample, String bootstrap, Optional<ProcessHandle> broker, Path dir)
      throws Exception {
    return run("latency", new ServiceRun.Setup(List.of(model), batch, threads, 0, maxWait), fps, warmUp, window,
        sample, bootstrap, broker, dir);
  }

  /** @param name distinguishes the pass's topics, consumer group and config file from other passes' */
  static Result run(String name, ServiceRun.Setup setup, double fps, Duration warmUp, Duration window,
                    SampleJpegs.Info sample, String bootstrap, Optional<ProcessHandle> broker, Path dir)
      throws Exception {
    int batch = setup.batch();
    Duration maxWait = setup.maxWait();
    String prefix = "bench.det-" + name + ".";
    Topics topics = new Topics(prefix, ServiceRun.PARTITIONS, (short) 1);
    try (Admin admin = Admin.create(new KafkaClients(bootstrap, Map.of()).admin("bench-admin"))) {
      topics.ensure(admin, List.of(Topics.FRAMES, Topics.DETECTIONS), Duration.ofSeconds(30));
    }
    Path config = ServiceRun.writeConfig(dir.resolve("vsp-" + name + ".yaml"), bootstrap, prefix, setup);
    PrometheusRegistry registry = new PrometheusRegistry();
    List<Throwable> fatal = new CopyOnWriteArrayList<>();
    List<String> problems = new ArrayList<>();
    try (DetectionsWatch watch = new DetectionsWatch(bootstrap, topics.name(Topics.DETECTIONS));
         FrameFeed feed = new FrameFeed(bootstrap, topics.name(Topics.FRAMES), sample, ServiceRun.CAMERAS);
         DetectorService service = new DetectorService(ConfigLoader.load(config), "bench-" + name, registry,
             fatal::add)) {
      KafkaClients clients = new KafkaClients(bootstrap, Map.of());
      Supplier<String> diagnosis = () -> ServiceRun.stallReport(clients, prefix + "detector",
          topics.name(Topics.FRAMES), registry);
      NamedThread.call(DetectorBench.ORT_POOL, () -> {
        service.start();
        return null;
      });
      // the first frames wait for the group to form: warm up until a record comes back, then some more
      feed.live(fps, Duration.ofSeconds(1));
      ServiceRun.awaitRecords(watch, 1, fatal, diagnosis);
      feed.live(fps, warmUp);
      ServiceRun.awaitRecords(watch, feed.sent(), fatal, diagnosis);
      long before = feed.sent();
      MetricsReading metricsBefore = MetricsReading.of(registry);
      long jvm = CpuTimes.processNanos();
      long brokerCpu = CpuTimes.processNanos(broker);
      long busy = CpuTimes.machineBusyNanos();
      long start = System.nanoTime();
      long windowStartUs = feed.live(fps, window);
      double seconds = (System.nanoTime() - start) / 1e9;
      jvm = CpuTimes.processNanos() - jvm;
      brokerCpu = CpuTimes.processNanos(broker) - brokerCpu;
      busy = CpuTimes.machineBusyNanos() - busy;
      ServiceRun.awaitRecords(watch, feed.sent(), fatal, diagnosis);
      MetricsReading metrics = MetricsReading.of(registry).minus(metricsBefore);
      double engineBusy = metrics.engineSeconds() / ((System.nanoTime() - start) / 1e9);
      Thread.sleep(500);
      problems.addAll(watch.check(feed.sent()));
      if (feed.failed() > 0) {
        problems.add(feed.failed() + " frames records not written" + feed.failure());
      }
      List<DetectionsWatch.Seen> measured = watch.seen().stream().filter(s -> s.captureUs() >= windowStartUs)
          .toList();
      double[] sent = measured.stream().mapToDouble(s -> s.detections().timing().e2eMs()).toArray();
      double[] visible = measured.stream().mapToDouble(s -> (s.seenUs() - s.captureUs()) / 1000.0).toArray();
      double queue = measured.stream().mapToDouble(s -> s.detections().timing().queueMs()).average().orElse(0);
      double infer = measured.stream().mapToDouble(s -> s.detections().timing().inferMs()).average().orElse(0);
      if (measured.size() != feed.sent() - before) {
        problems.add(measured.size() + " records in the window for " + (feed.sent() - before) + " frames sent");
      }
      return new Result(batch, maxWait, fps, seconds, feed.sent() - before, Percentiles.of(sent),
          Percentiles.of(visible), queue, infer, metrics, engineBusy, jvm / 1e9 / seconds,
          brokerCpu / 1e9 / seconds, Math.max(0, busy - jvm - brokerCpu) / 1e9 / seconds, problems);
    }
  }
}
