package io.vsp.bench.detector;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.bench.BenchMain;
import io.vsp.bench.Machine;
import io.vsp.bench.NamedThread;
import io.vsp.bench.Options;
import io.vsp.common.config.ConfigLoader;
import io.vsp.common.config.VspConfig;
import io.vsp.common.kafka.KafkaClients;
import io.vsp.common.kafka.Topics;
import io.vsp.common.testkit.KafkaBroker;
import io.vsp.detector.DetectorService;
import io.vsp.detector.replay.ReplayJob;
import io.vsp.detector.replay.ReplayPlanner;
import io.vsp.detector.synth.ModelSynth;
import ai.onnxruntime.OrtEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * {@code bench/run replay} (issue 14): {@code vsp replay}'s throughput over a backlog of frames ÷ bare ONNX
 * Runtime {@code session.run} on the same model file, batch and threads, alternating in the same run; the median
 * and spread of the ratio over the runs. The replay is the real one: {@link ReplayPlanner}, then
 * {@link DetectorService#replay} with its exactly-once transactions, until it says the window is done.
 */
public final class ReplayBench {
  static final String USAGE = String.join("\n",
      "usage: bench/run replay [--batch B] [--seconds S] [--threads N] [--runs N] [--work DIR]",
      "  --batch B      fixed batch of the bench model and of the replay (default 4)",
      "  --seconds S    backlog = S x the bare engine's frames/s of the first run (default 20)",
      "  --threads N    ONNX Runtime intra-op threads, bare and replay alike (default 0 = one per core)",
      "  --runs N       bare and replay passes, alternating; median and spread of the ratio (default 3)");

  record ReplayOptions(Path work, int batch, int seconds, int threads, int runs) {
    static ReplayOptions parse(String[] args) {
      Options o = new Options(args);
      Path work = Path.of("bench/target/replay-bench");
      int batch = 4;
      int seconds = 20;
      int threads = 0;
      int runs = 3;
      while (o.next()) {
        switch (o.name()) {
          case "--work" -> work = o.path();
          case "--batch" -> batch = o.number(1, 64);
          case "--seconds" -> seconds = o.number(5, 600);
          case "--threads" -> threads = o.number(0, 64);
          case "--runs" -> runs = o.number(1, 20);
          default -> throw o.unknown();
        }
      }
      return new ReplayOptions(work, batch, seconds, threads, runs);
    }
  }

  /** One replay pass: frames, from the first record readable to the last, and from start() to done. */
  record Pass(long frames, double steadySeconds, double startToDoneSeconds, List<String> problems) {
    double fps() {
      return frames / steadySeconds;
    }
  }

  private final ReplayOptions options;
  private final int threads;

  private ReplayBench(ReplayOptions options) {
    this.options = options;
    this.threads = options.threads() > 0 ? options.threads() : Runtime.getRuntime().availableProcessors();
  }

  public static void main(String[] args) {
    BenchMain.run("replay", USAGE, args, ReplayOptions::parse, o -> new ReplayBench(o).run());
  }

  private int run() throws Exception {
    System.out.printf(Locale.ROOT, "machine: %s%nONNX Runtime %s, CPU execution provider, %d intra-op thread(s)%n"
        + "load average at start: %s%n", Machine.summary(), OrtEnvironment.getEnvironment().getVersion(), threads,
        DetectorBench.loadAverage());
    SampleJpegs.Info sample = SampleJpegs.make(options.work(), 20);
    int batch = options.batch();
    Path model = options.work().resolve("models").resolve("bench_b" + batch + ".onnx");
    var spec = DetectorBench.spec(batch);
    ModelSynth.write(spec, model);
    System.out.printf(Locale.ROOT, "frames: %d JPEGs %dx%d, %.0f KB mean; model: %s%n", sample.jpegs().size(),
        sample.width(), sample.height(), sample.meanBytes() / 1e3, ModelSynth.describe(spec, Files.size(model)));
    List<String> failures = new ArrayList<>();
    double[] ratios = new double[options.runs()];
    try (KafkaBroker broker = KafkaBroker.startNew()) {
      Optional<ProcessHandle> brokerProcess = io.vsp.bench.CpuTimes.child("kafka.Kafka");
      long frames = 0;
      System.out.printf("%nrun  bare fps  replay fps (first..last record)  replay start..done  ratio  load%n");
      for (int run = 1; run <= options.runs(); run++) {
        BareOrt.Result bare = BareOrt.run(model, DetectorBench.contract(batch), threads, sample.jpegs(),
            Duration.ofSeconds(10), brokerProcess);
        if (run == 1) {
          long unit = (long) ServiceRun.CAMERAS * batch;
          frames = Math.max(unit, (Math.round(bare.pass().fps() * options.seconds()) + unit - 1) / unit * unit);
        }
        Pass pass = replay("r" + run, model, batch, frames, sample, broker.bootstrap());
        failures.addAll(pass.problems());
        ratios[run - 1] = pass.fps() / bare.pass().fps();
        System.out.printf(Locale.ROOT, "%3d  %8.2f  %8.2f (%d frames in %.1f s)  %.1f s  %5.3f  %s%n", run,
            bare.pass().fps(), pass.fps(), pass.frames(), pass.steadySeconds(), pass.startToDoneSeconds(),
            ratios[run - 1], DetectorBench.loadAverage());
      }
    }
    double[] sorted = ratios.clone();
    Arrays.sort(sorted);
    System.out.printf(Locale.ROOT, "%nreplay ÷ bare engine: median %.3f, min %.3f, max %.3f over %d runs (batch %d, "
            + "%d threads); load average at end: %s%n", sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1],
        sorted.length, batch, threads, DetectorBench.loadAverage());
    failures.forEach(f -> System.out.println("FAILED: " + f));
    return failures.isEmpty() ? 0 : 1;
  }

  /** Writes a backlog of {@code frames} captured in the recent past and replays all of it. */
  private Pass replay(String name, Path model, int batch, long frames, SampleJpegs.Info sample, String bootstrap)
      throws Exception {
    String prefix = "bench.replay-" + name + ".";
    Topics topics = new Topics(prefix, ServiceRun.PARTITIONS, (short) 1);
    KafkaClients clients = new KafkaClients(bootstrap, Map.of());
    long fromUs = System.currentTimeMillis() * 1000;
    try (Admin admin = Admin.create(clients.admin("bench-admin"))) {
      // the output too: the watch below reads it from the start
      topics.ensure(admin, List.of(Topics.FRAMES, Topics.taggedDetections("bench")), Duration.ofSeconds(30));
      try (FrameFeed feed = new FrameFeed(bootstrap, topics.name(Topics.FRAMES), sample, ServiceRun.CAMERAS)) {
        fromUs -= (long) ((frames / ServiceRun.CAMERAS + 10) * 1e6 / SampleJpegs.FPS); // before the first capture
        feed.backlog(frames);
      }
      VspConfig config = ConfigLoader.load(ServiceRun.writeConfig(options.work().resolve("vsp-" + name + ".yaml"),
          bootstrap, prefix, ServiceRun.Setup.of(model, batch, threads)));
      long nowUs = System.currentTimeMillis() * 1000 + 1;
      var plan = ReplayPlanner.plan(admin, topics.name(Topics.FRAMES), ReplayJob.groupId(prefix, "bench"), fromUs,
          nowUs, Set.of(), nowUs);
      ReplayJob job = new ReplayJob("bench", config.detector(), plan.window());
      List<Throwable> fatal = new CopyOnWriteArrayList<>();
      CountDownLatch done = new CountDownLatch(1);
      try (DetectionsWatch watch = new DetectionsWatch(bootstrap, prefix + job.output().name());
           DetectorService service = DetectorService.replay(config, job, new PrometheusRegistry(), fatal::add,
               done::countDown)) {
        NamedThread.call(DetectorBench.ORT_POOL, () -> {
          service.start();
          return null;
        });
        long started = System.nanoTime();
        ServiceRun.awaitRecords(watch, frames, fatal, () -> "replay stalled");
        if (!done.await(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("replay did not report its window done within 60 s of the last record");
        }
        long finished = System.nanoTime();
        Thread.sleep(500); // a duplicate would show up right after the last record
        List<String> problems = new ArrayList<>(watch.check(frames));
        fatal.forEach(e -> problems.add("replay failed: " + e));
        List<DetectionsWatch.Seen> seen = watch.seen();
        long first = seen.stream().mapToLong(DetectionsWatch.Seen::seenUs).min().orElse(0);
        long last = seen.stream().mapToLong(DetectionsWatch.Seen::seenUs).max().orElse(0);
        return new Pass(seen.stream().filter(x -> x.seenUs() > first).count(), (last - first) / 1e6, (finished - started) / 1e9, problems);
      }
    }
  }
}
