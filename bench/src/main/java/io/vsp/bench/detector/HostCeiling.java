package io.vsp.bench.detector;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The host ceiling: the whole detector on a pre-filled backlog with the {@code host} model (raw YOLO-NAS
 * output shapes at next to no compute), so its rate and CPU are what the host side costs: JPEG decode,
 * letterbox, the output copy, NMS, JSON and Kafka. Per frame size and {@code preprocess.threads}, in turns
 * (every setup once per round), so all setups see the same machine load.
 */
final class HostCeiling {
  /** The benchmark's own threads (the detections reader) run in the detector's JVM: left out of its CPU. */
  private static final String BENCHMARK_ROLE = "benchmark: reader, sampler";

  /** One frame size and preprocessing thread count. */
  record Setup(int width, int height, int preprocessThreads) {}

  /**
   * One pass.
   *
   * @param detectorMillis the detector's CPU per frame: the JVM's less the benchmark's own reader
   * @param brokerMillis the broker's CPU per frame (a child process)
   * @param loadAverage the 1-minute load average as the pass began
   */
  record Pass(Setup setup, double fps, double detectorMillis, double brokerMillis, double otherCores,
              double engineBusy, double meanBatch, String loadAverage, List<String> problems) {
    static Pass of(Setup setup, ServiceRun.Result r, String loadAverage) {
      long benchmark = r.threadCpu().getOrDefault(BENCHMARK_ROLE, 0L);
      long frames = r.steady().frames();
      return new Pass(setup, r.steady().fps(), (r.steady().cpuSeconds() - benchmark / 1e9) * 1000 / frames,
          r.brokerCpuSeconds() * 1000 / frames, r.steady().otherCores(), r.engineBusy(), r.metrics().meanBatch(),
          loadAverage, r.problems());
    }
  }

  private HostCeiling() {}

  /**
   * @param samples the JPEGs per frame width
   * @param model the host model at {@code batch}
   * @param threads ONNX Runtime intra-op threads (the model needs next to none)
   */
  static List<Pass> run(Map<Integer, SampleJpegs.Info> samples, List<Integer> preprocessThreads, Path model,
                        int batch, int threads, long frames, int runs, String bootstrap,
                        Optional<ProcessHandle> broker, Path dir, DetectorReport report) throws Exception {
    List<Setup> setups = new ArrayList<>();
    samples.forEach((width, sample) -> preprocessThreads.forEach(
        p -> setups.add(new Setup(sample.width(), sample.height(), p))));
    System.out.println("\nhost ceiling: warm-up pass (JIT compilation), not counted...");
    SampleJpegs.Info first = samples.values().iterator().next();
    ServiceRun.run("host-warmup", new ServiceRun.Setup(List.of(model), batch, threads, 1,
        java.time.Duration.ofMillis(10)), false, Math.min(frames, 800), first, bootstrap, broker, dir);
    List<Pass> passes = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      for (Setup setup : setups) {
        String load = DetectorBench.loadAverage();
        ServiceRun.Result r = ServiceRun.run(String.format(Locale.ROOT, "host-%d-p%d-r%d", setup.width(),
                setup.preprocessThreads(), run),
            new ServiceRun.Setup(List.of(model), batch, threads, setup.preprocessThreads(),
                java.time.Duration.ofMillis(10)), false, frames, samples.get(setup.width()), bootstrap, broker,
            dir);
        Pass pass = Pass.of(setup, r, load);
        report.hostPass(run, pass, r);
        passes.add(pass);
      }
    }
    return passes;
  }

  /** Median and range of one quantity over the passes of {@code setup}. */
  static PreprocessCost.Spread spread(List<Pass> passes, Setup setup, java.util.function.ToDoubleFunction<Pass> f) {
    return PreprocessCost.Spread.of(passes.stream().filter(p -> p.setup().equals(setup)).map(p -> f.applyAsDouble(p))
        .toList());
  }

  /** Host cores one detector needs to feed {@code gpuFps} frames per second at {@code cpuMillis} per frame. */
  static double cores(double gpuFps, double cpuMillis) {
    return gpuFps * cpuMillis / 1000;
  }
}
