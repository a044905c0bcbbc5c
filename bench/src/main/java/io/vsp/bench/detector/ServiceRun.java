package io.vsp.bench.detector;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.bench.CpuTimes;
import io.vsp.bench.NamedThread;
import io.vsp.bench.Throughput;
import io.vsp.bench.TopicStats;
import io.vsp.common.config.ConfigLoader;
import io.vsp.common.kafka.KafkaClients;
import io.vsp.common.kafka.Topics;
import io.vsp.detector.DetectorService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One throughput pass of the real detector: a backlog of frames from four cameras is written first, then
 * {@link DetectorService} (ONNX Runtime, exactly once) starts on it and runs until every frame's
 * {@code detections} record is readable with {@code read_committed}. The rate counts from the first record
 * readable to the last, so loading the model and joining the group are left out, as the bare engine's
 * session creation and warm-up runs are.
 */
final class ServiceRun {
  static final int CAMERAS = 4;
  static final int PARTITIONS = 12;
  /** No record for this long means the service is stuck. */
  private static final Duration STALL = Duration.ofSeconds(60);

  /**
   * What one pass measured.
   *
   * @param steady frames from the first readable record to the last, this JVM's CPU meanwhile, other load
   * @param startToEndSeconds from {@code start()} returning (engine loaded) to the last record readable
   * @param brokerCpuSeconds the broker's CPU over the steady window
   * @param threadCpu this JVM's CPU over the steady window by thread role
   * @param metrics the service's histograms over the steady window
   * @param profile wall-time samples of the batch and infer threads over the steady window
   * @param problems record counts, duplicates, outcomes or failures that make the pass invalid
   */
  record Result(int batch, long frames, Throughput steady, double startToEndSeconds, double brokerCpuSeconds,
                Map<String, Long> threadCpu, MetricsReading metrics, Map<String, Map<String, Integer>> profile,
                List<String> problems) {
    /** Share of the window the engine was running a batch. */
    double engineBusy() {
      return metrics.engineSeconds() / steady.seconds();
    }
  }

  /** The measurable state of the pass at one moment. */
  private record Mark(long nanos, int records, long jvmNanos, long brokerNanos, long busyNanos,
                      CpuTimes.ThreadSample threads, MetricsReading metrics) {
    static Mark take(int records, Optional<ProcessHandle> broker, PrometheusRegistry registry) {
      return new Mark(System.nanoTime(), records, CpuTimes.processNanos(), CpuTimes.processNanos(broker),
          CpuTimes.machineBusyNanos(), CpuTimes.ThreadSample.take(), MetricsReading.of(registry));
    }
  }

  private ServiceRun() {}

  /**
   * What the detector under test runs: its model exports, {@code batch.max}, ONNX Runtime intra-op threads,
   * {@code preprocess.threads} (0 = the detector's default) and {@code batch.maxWait}.
   */
  record Setup(List<Path> models, int batch, int threads, int preprocessThreads, Duration maxWait) {
    static Setup of(Path model, int batch, int threads) {
      return new Setup(List.of(model), batch, threads, 0, Duration.ofMillis(10));
    }
  }

  static Result run(String name, Path model, int batch, int threads, long frames, SampleJpegs.Info sample,
                    String bootstrap, Optional<ProcessHandle> broker, Path dir) throws Exception {
    return run(name, Setup.of(model, batch, threads), true, frames, sample, bootstrap, broker, dir);
  }

  /** @param profile sample the stage threads' stacks every 20 ms (costs CPU: off when CPU is what is measured) */
  static Result run(String name, Setup setup, boolean profile, long frames, SampleJpegs.Info sample,
                    String bootstrap, Optional<ProcessHandle> broker, Path dir) throws Exception {
    int batch = setup.batch();
    String prefix = "bench.det-" + name + ".";
    Topics topics = new Topics(prefix, PARTITIONS, (short) 1);
    try (Admin admin = Admin.create(new KafkaClients(bootstrap, Map.of()).admin("bench-admin"))) {
      topics.ensure(admin, List.of(Topics.FRAMES, Topics.DETECTIONS), Duration.ofSeconds(30));
    }
    List<String> problems = new ArrayList<>();
    KafkaClients clients = new KafkaClients(bootstrap, Map.of());
    try (FrameFeed feed = new FrameFeed(bootstrap, topics.name(Topics.FRAMES), sample, CAMERAS)) {
      feed.backlog(frames);
      long written = TopicStats.records(clients, topics.name(Topics.FRAMES));
      if (feed.failed() > 0 || written != frames) {
        throw new IOException("the backlog holds " + written + " frames records of " + frames + " sent ("
            + feed.failed() + " not acknowledged" + feed.failure() + ")");
      }
    }
    PrometheusRegistry registry = new PrometheusRegistry();
    List<Throwable> fatal = new CopyOnWriteArrayList<>();
    Path config = writeConfig(dir.resolve("vsp-" + name + ".yaml"), bootstrap, prefix, setup);
    try (DetectionsWatch watch = new DetectionsWatch(bootstrap, topics.name(Topics.DETECTIONS));
         DetectorService service = new DetectorService(ConfigLoader.load(config), "bench-" + name, registry,
             fatal::add)) {
      // ONNX Runtime starts its intra-op pool from this thread: the pool's threads inherit its name
      NamedThread.call(DetectorBench.ORT_POOL, () -> {
        service.start();
        return null;
      });
      long started = System.nanoTime();
      Supplier<String> diagnosis = () -> stallReport(clients, prefix + "detector", topics.name(Topics.FRAMES),
          registry);
      awaitRecords(watch, 1, fatal, diagnosis);
      Mark first = Mark.take(watch.count(), broker, registry);
      Mark last;
      Map<String, Map<String, Integer>> samples;
      if (profile) {
        try (StackProfile sampler = StackProfile.start(Duration.ofMillis(20))) {
          awaitRecords(watch, frames, fatal, diagnosis);
          last = Mark.take(watch.count(), broker, registry);
          samples = sampler.samples();
        }
      } else {
        awaitRecords(watch, frames, fatal, diagnosis);
        last = Mark.take(watch.count(), broker, registry);
        samples = Map.of();
      }
      double seconds = (last.nanos - first.nanos) / 1e9;
      double jvm = (last.jvmNanos - first.jvmNanos) / 1e9;
      double brokerCpu = (last.brokerNanos - first.brokerNanos) / 1e9;
      double busy = (last.busyNanos - first.busyNanos) / 1e9;
      Throughput steady = new Throughput(last.records - first.records, seconds, jvm,
          Throughput.otherCores(busy, jvm + brokerCpu, seconds));
      Map<String, Long> threadCpu = last.threads.since(first.threads, DetectorBench::role);
      Thread.sleep(500); // a duplicate would show up right after the last record
      problems.addAll(watch.check(frames));
      fatal.forEach(e -> problems.add("detector failed: " + e));
      return new Result(batch, frames, steady, (last.nanos - started) / 1e9, brokerCpu, threadCpu,
          last.metrics.minus(first.metrics), samples, problems);
    }
  }

  /**
   * How far the service got by its own count and by its group's committed offsets, and where its threads
   * are: what a stall report needs.
   */
  static String stallReport(KafkaClients clients, String group, String framesTopic, PrometheusRegistry registry) {
    StringBuilder out = new StringBuilder("the service counts " + MetricsReading.framesHandled(registry)
        + " frames handled");
    try (Admin admin = Admin.create(clients.admin("bench-stall"))) {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < PARTITIONS; p++) {
        latest.put(new TopicPartition(framesTopic, p), OffsetSpec.latest());
      }
      admin.listOffsets(latest).all().get().forEach((tp, end) -> {
        OffsetAndMetadata c = committed.get(tp);
        long done = c == null ? 0 : c.offset();
        if (done != end.offset()) {
          out.append("; ").append(tp).append(" committed ").append(done).append(" of ").append(end.offset());
        }
      });
    } catch (Exception e) {
      out.append("; group offsets unreadable: ").append(e);
    }
    return out + StackProfile.dump();
  }

  /**
   * The service's configuration: SPEC §4 keys, {@code maxFrameAge} large so no frame of the backlog is stale,
   * and {@code threads} (ONNX Runtime intra-op threads) as the bare engine has them.
   */
  static Path writeConfig(Path file, String bootstrap, String prefix, Setup setup) throws IOException {
    Files.createDirectories(file.getParent());
    List<String> models = setup.models().stream().map(m -> "\"" + m.toAbsolutePath() + "\"").toList();
    return Files.writeString(file, """
        kafka: {bootstrap: "%s", topicPrefix: "%s", partitions: %d}
        detector:
          metricsPort: 0
          engine: onnxruntime
          model: %s
          batch: {max: %d, maxWait: %dms}
          maxFrameAge: 1h
          exactlyOnce: true
          threads: %d
          preprocess: {threads: %d}
        """.formatted(bootstrap, prefix, PARTITIONS, models.size() == 1 ? models.get(0) : models.toString(),
        setup.batch(), setup.maxWait().toMillis(), setup.threads(), setup.preprocessThreads()));
  }

  /**
   * Waits until {@code count} records are readable; fails when the detector died or stalled, saying how
   * far the service got by its own count and where its threads were.
   */
  static void awaitRecords(DetectionsWatch watch, long count, List<Throwable> fatal, Supplier<String> diagnosis)
      throws InterruptedException, IOException {
    int seen = watch.count();
    long lastProgress = System.nanoTime();
    while (seen < count) {
      if (!fatal.isEmpty()) {
        throw new IOException("the detector failed: " + fatal.get(0), fatal.get(0));
      }
      if (System.nanoTime() - lastProgress > STALL.toNanos()) {
        throw new IOException("no detections record readable for " + STALL.toSeconds() + " s: " + seen + " of "
            + count + "; " + diagnosis.get());
      }
      Thread.sleep(5);
      int now = watch.count();
      if (now != seen) {
        seen = now;
        lastProgress = System.nanoTime();
      }
    }
  }
}
