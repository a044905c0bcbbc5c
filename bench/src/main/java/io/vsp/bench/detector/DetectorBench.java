package io.vsp.bench.detector;

import ai.onnxruntime.OrtEnvironment;
import io.vsp.bench.BenchMain;
import io.vsp.bench.CpuTimes;
import io.vsp.common.testkit.KafkaBroker;
import io.vsp.detector.engine.InputType;
import io.vsp.detector.engine.ModelContract;
import io.vsp.detector.engine.OutputFormat;
import io.vsp.detector.preprocess.JpegSize;
import io.vsp.detector.synth.ModelKind;
import io.vsp.detector.synth.ModelSynth;
import io.vsp.detector.synth.SynthSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The detector benchmark ({@code bench/run detector}). Part one: per fixed batch size, the whole detector
 * service on a pre-filled {@code frames} backlog against bare ONNX Runtime {@code session.run} on the same
 * model, batch and threads, in the same run. Part two: capture → detections latency at a load below
 * saturation. Exits 1 when a pass failed or a record count is wrong; a missed goal is reported, not failed.
 */
public final class DetectorBench {
  /** VSP's end-to-end frame rate should reach this share of the bare engine's. */
  static final double GOAL = 0.9;
  /** YOLO-NAS COCO preprocessing, the detector's defaults (SPEC §4 {@code detector.input}). */
  static final int SIZE = 640;
  static final int RESIZE = 636;
  static final int PAD_VALUE = 114;
  /** Name of the thread that loads the model, and so of ONNX Runtime's intra-op pool threads. */
  static final String ORT_POOL = "ort-intra-op";
  /** Seconds of 1080p sample video the JPEGs are made from (5 per second). */
  private static final int SAMPLE_SECONDS = 20;
  /** Frame widths of the preprocessing part: 1080p as captured, the ingest's 720p default, 360p. */
  private static final List<Integer> PREPROCESS_WIDTHS = List.of(1920, 1280, 640);
  /** Seconds of sample video (5 JPEGs per second) the preprocessing part cycles through. */
  private static final int PREPROCESS_SAMPLE_SECONDS = 8;
  /** Timed length of one setup's pass in the preprocessing part. */
  private static final Duration PREPROCESS_PASS = Duration.ofSeconds(2);
  /** Frames of the uncounted first pass. */
  private static final int WARM_UP_FRAMES = 160;

  private final DetectorOptions options;
  private final DetectorReport report = new DetectorReport(System.out);
  private final List<String> failures = new ArrayList<>();
  /** ONNX Runtime intra-op threads, bare and VSP alike; by default one per core, as {@code detector.threads} 0. */
  private final int threads;

  private DetectorBench(DetectorOptions options) {
    this.options = options;
    this.threads = options.threads() > 0 ? options.threads() : Runtime.getRuntime().availableProcessors();
  }

  public static void main(String[] args) {
    BenchMain.run("detector", DetectorOptions.USAGE, args, DetectorOptions::parse,
        options -> new DetectorBench(options).run());
  }

  private int run() throws Exception {
    report.machine(OrtEnvironment.getEnvironment().getVersion(), threads);
    if (options.throughput() || options.latency() || options.host() || options.exports()) {
      serviceParts();
    }
    if (options.preprocess()) {
      preprocessing();
    }
    if (!failures.isEmpty()) {
      System.out.println();
      failures.forEach(f -> System.out.println("FAILED: " + f));
      return 1;
    }
    return 0;
  }

  /** Parts one and two, which run the detector service against a test broker. */
  private void serviceParts() throws Exception {
    SampleJpegs.Info sample = SampleJpegs.make(options.work(), SAMPLE_SECONDS);
    SynthSpec one = spec(1);
    report.sample(sample, ModelSynth.describe(one, ModelSynth.build(one).length));
    if (options.throughput() || options.latency()) {
      report.preprocess(PreprocessCost.measure(contract(1), sample.jpegs(), Duration.ofSeconds(2)));
    }
    try (KafkaBroker broker = KafkaBroker.startNew()) {
      Optional<ProcessHandle> brokerProcess = CpuTimes.child("kafka.Kafka");
      try {
        List<DetectorReport.Row> rows = options.throughput() ? throughput(sample, broker.bootstrap(), brokerProcess)
            : List.of();
        if (options.throughput()) {
          report.throughputSummary(rows, GOAL);
        }
        if (options.latency()) {
          latency(sample, rows, broker.bootstrap(), brokerProcess);
        }
        if (options.host()) {
          hostCeiling(broker.bootstrap(), brokerProcess);
        }
        if (options.exports()) {
          exports(sample, rows, broker.bootstrap(), brokerProcess);
        }
      } catch (Exception e) {
        // the broker's folder goes with it: show what it said first
        System.out.println(tail(broker.dir().resolve("broker.log")) + tail(broker.dir().resolve("console.log")));
        throw e;
      }
    }
  }

  /**
   * Part three: JPEG → letterbox into float32 640x640 input slots alone (no Kafka, no engine), per frame
   * size, full vs reduced-scale decode and one vs two threads.
   */
  private void preprocessing() throws Exception {
    report.preprocessHeader(options.reps(), PREPROCESS_PASS, loadAverage());
    ModelContract contract = contract(1);
    for (int width : PREPROCESS_WIDTHS) {
      SampleJpegs.Info sample = SampleJpegs.make(options.work(), PREPROCESS_SAMPLE_SECONDS, width);
      JpegSize size = JpegSize.read(sample.jpegs().get(0));
      int reduction = size == null ? 1 : size.reduction(RESIZE);
      report.preprocessScaling(sample, PreprocessCost.scaling(contract, sample, reduction, PREPROCESS_PASS,
          options.reps()));
    }
    report.preprocessFooter(loadAverage());
  }

  /** The 1, 5 and 15 minute load averages, as the kernel gives them, to show what else the machine ran. */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  /** Part one: per batch size, bare and VSP passes in turn, so both see the same machine load. */
  private List<DetectorReport.Row> throughput(SampleJpegs.Info sample, String bootstrap,
                                              Optional<ProcessHandle> broker) throws Exception {
    List<DetectorReport.Row> rows = new ArrayList<>();
    // a service runs for days: the JIT's first seconds (Kafka clients, JSON) are not its throughput
    System.out.println("\nwarm-up pass of the detector (JIT compilation), not counted...");
    int first = options.batches().get(0);
    ServiceRun.Result warmUp = ServiceRun.run("warmup", model(first), first, threads, WARM_UP_FRAMES, sample,
        bootstrap, broker, options.work());
    warmUp.problems().forEach(p -> failures.add("warm-up pass: " + p));
    Duration bareTime = Duration.ofSeconds(Math.max(5, options.seconds() / 2));
    for (int batch : options.batches()) {
      Path model = model(batch);
      List<BareOrt.Result> bare = new ArrayList<>();
      List<ServiceRun.Result> vsp = new ArrayList<>();
      for (int run = 1; run <= options.runs(); run++) {
        BareOrt.Result b = BareOrt.run(model, contract(batch), threads, sample.jpegs(), bareTime, broker);
        if (run == 1) {
          report.batchHeader(batch, backlog(b, batch));
        }
        report.bareRun(run, b);
        bare.add(b);
        ServiceRun.Result v = ServiceRun.run("b" + batch + "-r" + run, model, batch, threads,
            backlog(bare.get(0), batch), sample, bootstrap, broker, options.work());
        report.vspRun(run, v);
        String what = "batch " + batch + " run " + run + ": ";
        v.problems().forEach(p -> failures.add(what + p));
        vsp.add(v);
      }
      rows.add(new DetectorReport.Row(bare.stream().max(Comparator.comparingDouble(r -> r.pass().fps())).orElseThrow(),
          vsp.stream().max(Comparator.comparingDouble(r -> r.steady().fps())).orElseThrow()));
    }
    return rows;
  }

  /** Frames for about {@code --seconds} of work at the bare engine's rate, whole batches from every camera. */
  private long backlog(BareOrt.Result bare, int batch) {
    long unit = (long) ServiceRun.CAMERAS * batch;
    long frames = Math.round(bare.pass().fps() * options.seconds());
    return Math.max(unit, (frames + unit - 1) / unit * unit);
  }

  /** Part two, at a share of the throughput VSP reached at the latency batch size (or the bare engine's). */
  private void latency(SampleJpegs.Info sample, List<DetectorReport.Row> rows, String bootstrap,
                       Optional<ProcessHandle> broker) throws Exception {
    int batch = options.latencyBatch();
    Path model = model(batch);
    Rate rate = liveRate(batch, rows, sample, broker);
    double fps = rate.fps();
    String what = rate.basis();
    List<Double> p99 = new ArrayList<>();
    for (int run = 1; run <= options.runs(); run++) {
      System.out.printf(Locale.ROOT, "%nlatency run %d: %.1f frames/s from 4 live cameras, warm-up %d s, then "
          + "measuring %d s; load average %s...%n", run, fps, options.warmUp().toSeconds(),
          options.window().toSeconds(), loadAverage());
      LatencyRun.Result r = LatencyRun.run("latency-r" + run, ServiceRun.Setup.of(model, batch, threads), fps,
          options.warmUp(), options.window(), sample, bootstrap, broker, options.work());
      report.latency(r, what);
      r.problems().forEach(p -> failures.add("latency: " + p));
      p99.add(r.sentLatency().p99());
    }
    PreprocessCost.Spread spread = PreprocessCost.Spread.of(p99);
    System.out.printf(Locale.ROOT, "%nlatency capture -> sent p99 over %d runs: median %.0f ms (%.0f-%.0f); load "
        + "average %s%n", p99.size(), spread.median(), spread.min(), spread.max(), loadAverage());
  }

  /** The offered rate of a live part: as asked, or a share of VSP's (or the bare engine's) rate at {@code batch}. */
  private record Rate(double fps, String basis) {}

  private Rate liveRate(int batch, List<DetectorReport.Row> rows, SampleJpegs.Info sample,
                       Optional<ProcessHandle> broker) throws Exception {
    if (options.rate() > 0) {
      return new Rate(options.rate(), "as asked");
    }
    Optional<DetectorReport.Row> measured = rows.stream().filter(r -> r.bare().batch() == batch).findFirst();
    if (measured.isPresent()) {
      double basis = measured.get().vsp().steady().fps();
      return new Rate(options.load() * basis, String.format(Locale.ROOT, "%.0f%% of VSP's %.1f fps at batch %d",
          100 * options.load(), basis, batch));
    }
    double basis = BareOrt.run(model(batch), contract(batch), threads, sample.jpegs(), Duration.ofSeconds(5), broker)
        .pass().fps();
    return new Rate(options.load() * basis, String.format(Locale.ROOT, "%.0f%% of the bare engine's %.1f fps at "
        + "batch %d", 100 * options.load(), basis, batch));
  }

  /** Part four: the host ceiling, per frame size and preprocessing threads. */
  private void hostCeiling(String bootstrap, Optional<ProcessHandle> broker) throws Exception {
    Map<Integer, SampleJpegs.Info> samples = new LinkedHashMap<>();
    for (int width : PREPROCESS_WIDTHS) {
      samples.put(width, SampleJpegs.make(options.work(), SAMPLE_SECONDS, width));
    }
    int batch = options.hostBatch();
    SynthSpec spec = new SynthSpec(ModelKind.HOST, OutputFormat.RAW, options.hostInput(), batch, SIZE);
    Path model = options.work().resolve("models").resolve("host_" + options.hostInput() + "_b" + batch + ".onnx");
    ModelSynth.write(spec, model);
    System.out.println("\nhost model: " + ModelSynth.describe(spec, Files.size(model)));
    report.hostHeader(batch, options.hostInput(), options.hostFrames(), options.runs(), loadAverage());
    List<HostCeiling.Pass> passes = HostCeiling.run(samples, List.of(1, 2), model, batch, 1, options.hostFrames(),
        options.runs(), bootstrap, broker, options.work(), report);
    passes.forEach(p -> p.problems().forEach(x -> failures.add("host " + p.setup() + ": " + x)));
    report.hostSummary(passes, loadAverage());
  }

  /** Part five: live load on the batch-4 model with one export, and with exports at batch 1 and 4. */
  private void exports(SampleJpegs.Info sample, List<DetectorReport.Row> rows, String bootstrap,
                       Optional<ProcessHandle> broker) throws Exception {
    int batch = 4;
    Rate rate = liveRate(batch, rows, sample, broker);
    Map<String, List<Path>> setups = new LinkedHashMap<>();
    setups.put("4", List.of(model(batch)));
    setups.put("1+4", List.of(model(1), model(batch)));
    report.exportsHeader(rate.fps(), rate.basis(), options.runs(), loadAverage());
    Map<String, List<LatencyRun.Result>> results = new LinkedHashMap<>();
    for (int run = 1; run <= options.runs(); run++) {
      for (Map.Entry<String, List<Path>> e : setups.entrySet()) {
        String load = loadAverage();
        LatencyRun.Result r = LatencyRun.run("exports-" + e.getKey().replace('+', '-') + "-r" + run,
            new ServiceRun.Setup(e.getValue(), batch, threads, 0, Duration.ofMillis(10)), rate.fps(),
            options.warmUp(), options.window(), sample, bootstrap, broker, options.work());
        report.exportsPass(run, e.getKey(), r, load);
        r.problems().forEach(p -> failures.add("exports " + e.getKey() + ": " + p));
        results.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(r);
      }
    }
    report.exportsSummary(results, loadAverage());
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return "--- " + log + " (last lines) ---\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())) + "\n";
    } catch (IOException e) {
      return "--- " + log + ": " + e + "\n";
    }
  }

  static SynthSpec spec(int batch) {
    return new SynthSpec(ModelKind.BENCH, OutputFormat.RAW, InputType.FLOAT32, batch, SIZE);
  }

  /** The bench model exported at a fixed batch, written afresh (the generator is deterministic). */
  private Path model(int batch) throws Exception {
    Path file = options.work().resolve("models").resolve("bench_b" + batch + ".onnx");
    ModelSynth.write(spec(batch), file);
    return file;
  }

  /** The layout the bench model has: float32 RGB 640x640, raw outputs of 80 classes. */
  static ModelContract contract(int batch) {
    return new ModelContract("bench", InputType.FLOAT32, batch, SIZE, SIZE, OutputFormat.RAW, 80, "fp32");
  }

  /** Groups the detector JVM's threads by what they do (kernel names are cut at 15 characters). */
  static String role(String thread) {
    String jvm = CpuTimes.jvmRole(thread);
    if (jvm != null) {
      return jvm;
    }
    String role = StackProfile.role(thread);
    if (StackProfile.BATCH.equals(role)) {
      return "batch: poll, its share of JPEG decode, letterbox";
    }
    if (StackProfile.PREPROCESS.equals(role)) {
      return "preprocess-N: JPEG decode, letterbox";
    }
    if (StackProfile.INFER.equals(role)) {
      return "infer: session.run";
    }
    if (StackProfile.PUBLISH.equals(role)) {
      return "publish: NMS, JSON, Kafka transaction";
    }
    if (ORT_POOL.startsWith(thread)) {
      return "ONNX Runtime intra-op pool";
    }
    if (thread.startsWith("kafka-producer")) {
      return "Kafka producer I/O";
    }
    if (thread.startsWith("bench-")) {
      return "benchmark: reader, sampler";
    }
    return "other";
  }
}
