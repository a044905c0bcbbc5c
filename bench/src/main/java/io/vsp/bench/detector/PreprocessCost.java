package io.vsp.bench.detector;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import io.vsp.bench.CpuTimes;
import io.vsp.bench.NamedThread;
import io.vsp.detector.engine.ModelContract;
import io.vsp.detector.preprocess.Preprocessor;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * What the detector's batch thread does per frame besides Kafka, measured alone on one thread with no
 * engine running: the JPEG decode by itself, then the whole preprocessing (decode, letterbox, RGB planes
 * into a model input slot), each for a fixed time over the sample frames.
 *
 * <p>{@link #scaling} compares the setups the detector can run in: full-size vs reduced-scale JPEG decode
 * ({@link Preprocessor}'s {@code reducedDecode}) and one vs two threads, each with its own
 * {@link Preprocessor} and slot, as {@code BatchPreprocessor} runs them. The setups take turns within
 * each run, so a change in the machine's load falls on all of them; ratios are taken run by run.
 */
final class PreprocessCost {
  /** Wall and CPU (this whole JVM, so library worker threads count too) milliseconds per frame. */
  record Cost(double wallMillis, double cpuMillis) {}

  record Result(Cost decode, Cost prepare) {
    Cost letterbox() {
      return new Cost(prepare.wallMillis - decode.wallMillis, prepare.cpuMillis - decode.cpuMillis);
    }
  }

  /** Median and range of one quantity over the runs. */
  record Spread(double median, double min, double max) {
    static Spread of(List<Double> values) {
      List<Double> sorted = values.stream().sorted().toList();
      int n = sorted.size();
      double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
      return new Spread(median, sorted.get(0), sorted.get(n - 1));
    }
  }

  /** One way to preprocess: full or reduced-scale decode, on this many threads at once. */
  record Setup(boolean reduced, int threads) {
    static final List<Setup> ALL = List.of(new Setup(false, 1), new Setup(true, 1), new Setup(false, 2),
        new Setup(true, 2));
  }

  /**
   * One setup's timed pass: frames per second of its threads together, and the cores this JVM used
   * meanwhile (above the thread count when OpenCV hands work to its own worker threads).
   */
  record Pass(double fps, double cores) {}

  /** Each setup's pass, run by run (same order as {@link Setup#ALL}). */
  record Scaling(int width, int height, int reduction, List<List<Pass>> passesByRun) {
    Spread fps(Setup setup) {
      int i = Setup.ALL.indexOf(setup);
      return Spread.of(passesByRun.stream().map(run -> run.get(i).fps()).toList());
    }

    Spread cores(Setup setup) {
      int i = Setup.ALL.indexOf(setup);
      return Spread.of(passesByRun.stream().map(run -> run.get(i).cores()).toList());
    }

    /** {@code over}'s frame rate divided by {@code base}'s, run by run. */
    Spread ratio(Setup over, Setup base) {
      int o = Setup.ALL.indexOf(over);
      int b = Setup.ALL.indexOf(base);
      return Spread.of(passesByRun.stream().map(run -> run.get(o).fps() / run.get(b).fps()).toList());
    }
  }

  private PreprocessCost() {}

  /**
   * Every {@link Setup} for {@code each}, in turn, {@code runs} times over JPEGs of one size.
   *
   * @param reduction the decode scale divisor the reduced setups use at this size (1 = none applies)
   */
  static Scaling scaling(ModelContract contract, SampleJpegs.Info sample, int reduction, Duration each, int runs)
      throws Exception {
    List<List<Pass>> byRun = new ArrayList<>();
    for (int run = 0; run < runs; run++) {
      List<Pass> passes = new ArrayList<>();
      for (Setup setup : Setup.ALL) {
        passes.add(rate(contract, sample.jpegs(), setup, each));
      }
      byRun.add(List.copyOf(passes));
    }
    return new Scaling(sample.width(), sample.height(), reduction, List.copyOf(byRun));
  }

  /**
   * Frames per second of {@code setup}'s threads together: each warms its own {@link Preprocessor} with
   * one untimed round, then all start at once and stop after {@code each}.
   */
  private static Pass rate(ModelContract contract, List<byte[]> jpegs, Setup setup, Duration each)
      throws Exception {
    int threads = setup.threads();
    AtomicLong start = new AtomicLong();
    AtomicLong cpuStart = new AtomicLong();
    CyclicBarrier ready = new CyclicBarrier(threads, () -> {
      cpuStart.set(CpuTimes.processNanos());
      start.set(System.nanoTime());
    });
    AtomicInteger names = new AtomicInteger();
    // named as the detector's helpers, so a profile of this JVM reads like the service's
    ExecutorService pool = Executors.newFixedThreadPool(threads,
        r -> new Thread(r, "preprocess-" + names.incrementAndGet()));
    try {
      List<Future<long[]>> passes = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int offset = t * jpegs.size() / threads;
        passes.add(pool.submit(() -> pass(contract, jpegs, setup.reduced(), offset, ready, start, each)));
      }
      long frames = 0;
      long end = 0;
      for (Future<long[]> pass : passes) {
        long[] r = pass.get(10 * each.toSeconds() + 120, TimeUnit.SECONDS);
        frames += r[0];
        end = Math.max(end, r[1]);
      }
      long cpu = CpuTimes.processNanos() - cpuStart.get(); // threads done: only waits since their end
      double seconds = (end - start.get()) / 1e9;
      return new Pass(frames / seconds, cpu / 1e9 / seconds);
    } finally {
      pool.shutdownNow();
    }
  }

  /** One thread's part: frames done and when it stopped. */
  private static long[] pass(ModelContract contract, List<byte[]> jpegs, boolean reduced, int offset,
                             CyclicBarrier ready, AtomicLong start, Duration each) throws Exception {
    ByteBuffer slot = ByteBuffer.allocateDirect(Math.toIntExact(contract.slotBytes()));
    try (Preprocessor preprocessor = new Preprocessor(contract, DetectorBench.RESIZE, DetectorBench.PAD_VALUE,
        reduced)) {
      for (byte[] jpeg : jpegs) {
        preprocessor.prepare(jpeg, slot);
      }
      ready.await(60, TimeUnit.SECONDS);
      long frames = 0;
      long now;
      do {
        preprocessor.prepare(jpegs.get((int) ((offset + frames) % jpegs.size())), slot);
        frames++;
        now = System.nanoTime();
      } while (now - start.get() < each.toNanos());
      return new long[] {frames, now};
    }
  }

  static Result measure(ModelContract contract, List<byte[]> jpegs, Duration each) throws Exception {
    return NamedThread.call("preprocess", () -> new Result(decode(jpegs, each), prepare(contract, jpegs, each)));
  }

  private static Cost decode(List<byte[]> jpegs, Duration each) {
    try (BytePointer encoded = new BytePointer(4L * 1024 * 1024); Mat decoded = new Mat()) {
      return timed(jpegs, each, jpeg -> {
        encoded.position(0).put(jpeg, 0, jpeg.length);
        try (Mat bytes = new Mat(1, jpeg.length, CV_8UC1, encoded)) {
          imdecode(bytes, IMREAD_COLOR, decoded);
        }
      });
    }
  }

  private static Cost prepare(ModelContract contract, List<byte[]> jpegs, Duration each) {
    ByteBuffer slot = ByteBuffer.allocateDirect(Math.toIntExact(contract.slotBytes()));
    try (Preprocessor preprocessor = new Preprocessor(contract, DetectorBench.RESIZE, DetectorBench.PAD_VALUE)) {
      return timed(jpegs, each, jpeg -> {
        try {
          preprocessor.prepare(jpeg, slot);
        } catch (Exception e) {
          throw new IllegalStateException("sample frame did not preprocess: " + e.getMessage(), e);
        }
      });
    }
  }

  private interface Step {
    void run(byte[] jpeg);
  }

  /** One untimed round over the frames (first-use costs), then rounds until {@code each} has passed. */
  private static Cost timed(List<byte[]> jpegs, Duration each, Step step) {
    jpegs.forEach(step::run);
    long cpuBefore = CpuTimes.processNanos();
    long start = System.nanoTime();
    long frames = 0;
    do {
      step.run(jpegs.get((int) (frames % jpegs.size())));
      frames++;
    } while (System.nanoTime() - start < each.toNanos());
    double wall = (System.nanoTime() - start) / 1e6;
    double cpu = (CpuTimes.processNanos() - cpuBefore) / 1e6;
    return new Cost(wall / frames, cpu / frames);
  }
}
