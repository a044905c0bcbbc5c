package io.vsp.bench.detector;

import io.vsp.bench.CpuTimes;
import io.vsp.bench.Machine;
import io.vsp.bench.Throughput;
import io.vsp.detector.engine.InputType;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints what the detector benchmark measured, as it goes and as the final tables. */
final class DetectorReport {
  /** One batch size: the bare engine's best pass and VSP's best pass. */
  record Row(BareOrt.Result bare, ServiceRun.Result vsp) {
    double ratio() {
      return vsp.steady().fps() / bare.pass().fps();
    }

    /** The ratio if both passes were limited by CPU alone: the bare engine's CPU per frame over VSP's. */
    double cpuBound() {
      return bare.pass().cpuMillisPerFrame() / (vsp.steady().cpuMillisPerFrame() + brokerMillisPerFrame(vsp));
    }
  }

  /** Above this, other programs' load makes a pass's numbers doubtful. */
  static final double DISTURBED_CORES = 0.2;

  private final PrintStream out;

  DetectorReport(PrintStream out) {
    this.out = out;
  }

  void machine(String ortVersion, int intraOpThreads) {
    out.println("== VSP detector benchmark ==");
    out.println("machine: " + Machine.summary());
    out.printf("%s, ONNX Runtime %s (CPU execution provider, %d intra-op threads, bare and VSP alike), no GPU%n",
        Machine.jdk(), ortVersion, intraOpThreads);
  }

  void sample(SampleJpegs.Info s, String model) {
    out.printf(Locale.ROOT, "frames: %d JPEGs %dx%d quality %d, %.0f KB each (the ingest's encoder on its 1080p "
        + "sample), 4 cameras%n", s.jpegs().size(), s.width(), s.height(), SampleJpegs.QUALITY, s.meanBytes() / 1024);
    out.println("model: " + model);
  }

  void preprocess(PreprocessCost.Result r) {
    out.printf(Locale.ROOT, "preprocessing alone, one thread, no engine running: JPEG decode %.2f ms (CPU %.2f), "
            + "letterbox into a float32 640x640 slot %.2f ms (CPU %.2f), together %.2f ms (CPU %.2f) per frame%n",
        r.decode().wallMillis(), r.decode().cpuMillis(), r.letterbox().wallMillis(), r.letterbox().cpuMillis(),
        r.prepare().wallMillis(), r.prepare().cpuMillis());
  }

  void preprocessHeader(int reps, java.time.Duration pass, String load) {
    out.printf(Locale.ROOT, "%n== Preprocessing alone: JPEG -> letterbox (resize %d) into float32 640x640 input slots, "
            + "no Kafka, no engine; %d runs of %d s per setup, setups in turn; median (min-max) ==%n",
        DetectorBench.RESIZE, reps, pass.toSeconds());
    out.println("load average at start: " + load);
    out.println("frames     decode   threads  frames/s                  ms/frame per thread  cores used (JVM CPU)");
  }

  void preprocessScaling(SampleJpegs.Info sample, PreprocessCost.Scaling s) {
    String frames = s.width() + "x" + s.height();
    for (PreprocessCost.Setup setup : PreprocessCost.Setup.ALL) {
      PreprocessCost.Spread fps = s.fps(setup);
      String decode = setup.reduced() ? (s.reduction() > 1 ? "1/" + s.reduction() : "1/1*") : "full";
      PreprocessCost.Spread cores = s.cores(setup);
      out.printf(Locale.ROOT, "%-10s %-8s %-8d %6.1f (%6.1f-%6.1f)      %6.2f               %.2f (%.2f-%.2f)%n",
          frames, decode, setup.threads(), fps.median(), fps.min(), fps.max(),
          1000.0 * setup.threads() / fps.median(), cores.median(), cores.min(), cores.max());
    }
    PreprocessCost.Setup full1 = PreprocessCost.Setup.ALL.get(0);
    PreprocessCost.Setup reduced1 = PreprocessCost.Setup.ALL.get(1);
    PreprocessCost.Setup full2 = PreprocessCost.Setup.ALL.get(2);
    PreprocessCost.Setup reduced2 = PreprocessCost.Setup.ALL.get(3);
    out.printf(Locale.ROOT, "%-10s reduced/full decode, 1 thread: %s; 2 threads/1 thread: full decode %s, reduced %s"
            + " (%d JPEGs, %.0f KB each)%n", frames, ratio(s.ratio(reduced1, full1)), ratio(s.ratio(full2, full1)),
        ratio(s.ratio(reduced2, reduced1)), sample.jpegs().size(), sample.meanBytes() / 1024);
  }

  void preprocessFooter(String load) {
    out.println("load average at end: " + load);
    out.println("(* no reduced scale applies: the longest side is under 2x the resize. Ratios are taken run by run.)");
  }

  private static String ratio(PreprocessCost.Spread r) {
    return String.format(Locale.ROOT, "%.2fx (%.2f-%.2f)", r.median(), r.min(), r.max());
  }

  void batchHeader(int batch, long frames) {
    out.printf("%n-- batch %d: bare ONNX Runtime session.run vs VSP detector on a backlog of %d frames --%n", batch,
        frames);
  }

  void bareRun(int run, BareOrt.Result r) {
    Throughput t = r.pass();
    out.printf(Locale.ROOT, "run %d  bare session.run, batch %d:  %6.2f fps  (%d runs in %.1f s, %.1f ms per run, "
            + "CPU %.1f ms/frame; other programs %s)%n", run, r.batch(), t.fps(), r.runs(), t.seconds(),
        r.millisPerRun(), t.cpuMillisPerFrame(), CpuTimes.formatCores(t.otherCores()));
    disturbed(t.otherCores());
  }

  void vspRun(int run, ServiceRun.Result r) {
    Throughput t = r.steady();
    MetricsReading m = r.metrics();
    out.printf(Locale.ROOT, "run %d  VSP detector, batch.max %d:  %6.2f fps  (%d frames in %.1f s after the first "
            + "record; %.1f s from engine loaded to last; JVM CPU %.1f ms/frame, broker CPU %.1f ms/frame; other "
            + "programs %s)%n", run, r.batch(), t.fps(), t.frames(), t.seconds(), r.startToEndSeconds(),
        t.cpuMillisPerFrame(), brokerMillisPerFrame(r), CpuTimes.formatCores(t.otherCores()));
    disturbed(t.otherCores());
    out.printf(Locale.ROOT, "       engine: %.0f batches, mean batch %.2f, %.1f ms per batch in the engine, engine "
        + "busy %.0f%% of the window%n", m.batches(), m.meanBatch(), m.engineMillisPerBatch(), 100 * r.engineBusy());
    out.println("       JVM CPU cores by thread: " + CpuTimes.formatShares(r.threadCpu(), t.seconds()));
    for (Map.Entry<String, Map<String, Integer>> e : r.profile().entrySet()) {
      out.printf("       %s* thread wall time: %s%n", e.getKey(), StackProfile.describe(e.getValue()));
    }
    r.problems().forEach(p -> out.println("       PROBLEM: " + p));
  }

  private static double brokerMillisPerFrame(ServiceRun.Result r) {
    return r.brokerCpuSeconds() * 1000 / r.steady().frames();
  }

  private void disturbed(double otherCores) {
    if (otherCores > DISTURBED_CORES) {
      out.printf(Locale.ROOT, "       DISTURBED: other programs took %.2f cores during this pass%n", otherCores);
    }
  }

  void throughputSummary(List<Row> rows, double goal) {
    out.printf("%n== Detector throughput: bench model, ONNX Runtime on CPU, pre-filled frames backlog (4 cameras, "
        + "1280x720 JPEG) to detections, exactly once ==%n");
    out.println("batch | bare ORT fps | VSP fps | VSP/bare | bare ms/run | VSP engine ms/batch | mean batch "
        + "| engine busy | bare CPU ms/frame | VSP JVM CPU ms/frame | broker CPU ms/frame | CPU bound "
        + "| other programs, cores (bare / VSP pass)");
    for (Row row : rows) {
      Throughput vsp = row.vsp().steady();
      out.printf(Locale.ROOT, "%5d | %12.2f | %7.2f | %8.2f | %11.1f | %19.1f | %10.2f | %10.0f%% | %17.1f | %20.1f "
              + "| %19.1f | %9.2f | %.2f / %.2f%n", row.bare().batch(), row.bare().pass().fps(), vsp.fps(),
          row.ratio(), row.bare().millisPerRun(), row.vsp().metrics().engineMillisPerBatch(),
          row.vsp().metrics().meanBatch(), 100 * row.vsp().engineBusy(), row.bare().pass().cpuMillisPerFrame(),
          vsp.cpuMillisPerFrame(), brokerMillisPerFrame(row.vsp()), row.cpuBound(), row.bare().pass().otherCores(),
          vsp.otherCores());
    }
    out.println("(CPU bound = bare CPU per frame / (VSP JVM + broker CPU per frame): the ratio a machine whose cores "
        + "are all busy allows)");
    for (Row row : rows) {
      out.printf(Locale.ROOT, "goal VSP/bare >= %.2f at batch %d: %s (%.3f)%n", goal, row.bare().batch(),
          row.ratio() >= goal ? "met" : "NOT met", row.ratio());
    }
  }

  void latency(LatencyRun.Result r, String basis) {
    out.printf(Locale.ROOT, "%n== Detector latency: 4 live cameras, %.1f frames/s in total (%s), model batch %d, "
            + "batch.max %d, maxWait %d ms, %.0f s window ==%n", r.offeredFps(), basis, r.batch(), r.batch(),
        r.maxWait().toMillis(), r.seconds());
    LatencyRun.Percentiles s = r.sentLatency();
    LatencyRun.Percentiles v = r.visibleLatency();
    out.println("latency ms | p50 | p90 | p99 | max | frames");
    out.printf(Locale.ROOT, "capture -> detections record sent (timing.e2eMs) | %.0f | %.0f | %.0f | %.0f | %d%n",
        s.p50(), s.p90(), s.p99(), s.max(), s.n());
    out.printf(Locale.ROOT, "capture -> readable with read_committed | %.0f | %.0f | %.0f | %.0f | %d%n",
        v.p50(), v.p90(), v.p99(), v.max(), v.n());
    MetricsReading m = r.metrics();
    out.printf(Locale.ROOT, "mean queueMs %.1f, mean inferMs %.1f, mean batch %.2f (padded to %d), engine busy %.0f%%, "
            + "vsp_detector_latency_seconds mean %.0f ms; cores: VSP JVM %.2f, broker %.2f, other programs %.2f%n",
        r.meanQueueMs(), r.meanInferMs(), m.meanBatch(), r.batch(), 100 * r.engineBusy(),
        m.latencyFrames() == 0 ? Double.NaN : m.latencySeconds() * 1000 / m.latencyFrames(), r.jvmCores(),
        r.brokerCores(), r.otherCores());
    disturbed(r.otherCores());
    r.problems().forEach(p -> out.println("PROBLEM: " + p));
  }

  void hostHeader(int batch, InputType input, long frames, int runs, String load) {
    out.printf(Locale.ROOT, "%n== Host ceiling: the whole detector on a pre-filled backlog with the host model (raw "
        + "YOLO-NAS outputs, next to no compute, %s input), batch %d, %d frames per pass, %d runs of every setup in "
        + "turns ==%n", input, batch, frames, runs);
    out.println("load average at start: " + load);
  }

  void hostPass(int run, HostCeiling.Pass p, ServiceRun.Result r) {
    out.printf(Locale.ROOT, "run %d  %dx%d preprocess.threads %d: %7.1f fps, detector CPU %.2f ms/frame, broker CPU "
            + "%.2f ms/frame, engine busy %.0f%%, mean batch %.2f; other programs %s; load average %s%n", run,
        p.setup().width(), p.setup().height(), p.setup().preprocessThreads(), p.fps(), p.detectorMillis(),
        p.brokerMillis(), 100 * p.engineBusy(), p.meanBatch(), CpuTimes.formatCores(p.otherCores()), p.loadAverage());
    out.println("       JVM CPU cores by thread: " + CpuTimes.formatShares(r.threadCpu(), r.steady().seconds()));
    p.problems().forEach(x -> out.println("       PROBLEM: " + x));
  }

  /** The summary per setup, the goals, and the projection to a GPU's frame rates. */
  void hostSummary(List<HostCeiling.Pass> passes, String load) {
    out.println("\nframes     preprocess.threads  frames/s median (min-max)  detector CPU ms/frame   "
        + "broker CPU ms/frame");
    List<HostCeiling.Setup> setups = passes.stream().map(HostCeiling.Pass::setup).distinct().toList();
    for (HostCeiling.Setup setup : setups) {
      PreprocessCost.Spread fps = HostCeiling.spread(passes, setup, HostCeiling.Pass::fps);
      PreprocessCost.Spread cpu = HostCeiling.spread(passes, setup, HostCeiling.Pass::detectorMillis);
      PreprocessCost.Spread broker = HostCeiling.spread(passes, setup, HostCeiling.Pass::brokerMillis);
      out.printf(Locale.ROOT, "%-10s %-19d %6.1f (%6.1f-%6.1f)       %.2f (%.2f-%.2f)       %.2f (%.2f-%.2f)%n",
          setup.width() + "x" + setup.height(), setup.preprocessThreads(), fps.median(), fps.min(), fps.max(),
          cpu.median(), cpu.min(), cpu.max(), broker.median(), broker.min(), broker.max());
    }
    out.println("load average at end: " + load);
    for (HostCeiling.Setup setup : setups) {
      double goal = setup.height() == 720 ? 1.2 : setup.height() == 1080 ? 2.5 : Double.NaN;
      if (!Double.isNaN(goal)) {
        double cpu = HostCeiling.spread(passes, setup, HostCeiling.Pass::detectorMillis).median();
        out.printf(Locale.ROOT, "goal detector CPU <= %.1f ms per %dx%d frame, preprocess.threads %d: %s (%.2f)%n",
            goal, setup.width(), setup.height(), setup.preprocessThreads(), cpu <= goal ? "met" : "NOT met", cpu);
      }
    }
    out.println("\nprojection: host cores one detector needs to feed one GPU at N frames/s (median detector CPU per "
        + "frame, lowest over preprocess.threads; broker elsewhere)");
    out.println("frames     CPU ms/frame  1000 fps  3000 fps  6000 fps");
    for (int height : setups.stream().map(HostCeiling.Setup::height).distinct().toList()) {
      HostCeiling.Setup any = setups.stream().filter(s -> s.height() == height).findFirst().orElseThrow();
      double cpu = setups.stream().filter(s -> s.height() == height)
          .mapToDouble(s -> HostCeiling.spread(passes, s, HostCeiling.Pass::detectorMillis).median()).min()
          .orElseThrow();
      out.printf(Locale.ROOT, "%-10s %12.2f  %8.1f  %8.1f  %8.1f%n", any.width() + "x" + height, cpu,
          HostCeiling.cores(1000, cpu), HostCeiling.cores(3000, cpu), HostCeiling.cores(6000, cpu));
    }
  }

  void exportsHeader(double fps, String basis, int runs, String load) {
    out.printf(Locale.ROOT, "%n== Partial batches: 4 live cameras, %.1f frames/s in total (%s), batch.max 4, one "
        + "export (batch 4) vs two (batch 1 and 4), %d runs each in turns ==%n", fps, basis, runs);
    out.println("load average at start: " + load);
  }

  void exportsPass(int run, String exports, LatencyRun.Result r, String load) {
    MetricsReading m = r.metrics();
    out.printf(Locale.ROOT, "run %d  exports %s: capture -> sent p50 %.0f p99 %.0f ms (readable p50 %.0f p99 %.0f), "
            + "engine busy %.0f%% (by batch size run: %s), mean batch %.2f; cores: JVM %.2f, broker %.2f, other "
            + "%.2f; load average %s%n", run, exports, r.sentLatency().p50(), r.sentLatency().p99(),
        r.visibleLatency().p50(), r.visibleLatency().p99(), 100 * r.engineBusy(), busyShares(m, r),
        m.meanBatch(), r.jvmCores(), r.brokerCores(), r.otherCores(), load);
    disturbed(r.otherCores());
    r.problems().forEach(p -> out.println("       PROBLEM: " + p));
  }

  /** Each batch size's share of the engine's busy time. */
  private static String busyShares(MetricsReading m, LatencyRun.Result r) {
    double total = m.busyByBatch().values().stream().mapToDouble(Double::doubleValue).sum();
    StringBuilder s = new StringBuilder();
    m.busyByBatch().forEach((batch, seconds) -> s.append(s.isEmpty() ? "" : ", ").append("batch ").append(batch)
        .append(String.format(Locale.ROOT, " %.0f%%", total == 0 ? 0 : 100 * r.engineBusy() * seconds / total)));
    return s.toString();
  }

  void exportsSummary(Map<String, List<LatencyRun.Result>> byExports, String load) {
    out.println("\nexports | engine busy median (min-max) | sent p50 median (min-max) ms | sent p99 median (min-max) ms"
        + " | mean batch");
    byExports.forEach((exports, runs) -> {
      PreprocessCost.Spread busy = PreprocessCost.Spread.of(runs.stream().map(r -> 100 * r.engineBusy()).toList());
      PreprocessCost.Spread p50 = PreprocessCost.Spread.of(runs.stream().map(r -> r.sentLatency().p50()).toList());
      PreprocessCost.Spread p99 = PreprocessCost.Spread.of(runs.stream().map(r -> r.sentLatency().p99()).toList());
      PreprocessCost.Spread batch = PreprocessCost.Spread.of(runs.stream().map(r -> r.metrics().meanBatch()).toList());
      out.printf(Locale.ROOT, "%-7s | %3.0f%% (%.0f-%.0f%%) | %4.0f (%.0f-%.0f) | %4.0f (%.0f-%.0f) | %.2f%n", exports,
          busy.median(), busy.min(), busy.max(), p50.median(), p50.min(), p50.max(), p99.median(), p99.min(),
          p99.max(), batch.median());
    });
    out.println("load average at end: " + load);
    List<LatencyRun.Result> two = byExports.get("1+4");
    if (two != null) {
      double busy = PreprocessCost.Spread.of(two.stream().map(LatencyRun.Result::engineBusy).toList()).median();
      double p99 = PreprocessCost.Spread.of(two.stream().map(r -> r.sentLatency().p99()).toList()).median();
      out.printf(Locale.ROOT, "goal with two exports, engine busy <= 60%%: %s (%.0f%%); p99 <= 300 ms: %s (%.0f ms)%n",
          busy <= 0.6 ? "met" : "NOT met", 100 * busy, p99 <= 300 ? "met" : "NOT met", p99);
    }
  }
}
