package io.vsp.bench.detector;

import io.vsp.bench.Options;
import io.vsp.detector.engine.InputType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Command-line options of {@code bench/run detector}.
 *
 * @param work folder for the cached sample video, the generated models and the configs
 * @param batches fixed batch sizes to export the bench model at and compare, each 1..64; default 1, 2, 4, 8
 * @param seconds processing time each throughput pass aims at: the backlog holds this many seconds of the
 *     bare engine's frame rate, 5..600; default 20
 * @param threads ONNX Runtime intra-op threads of both the bare engine and the detector ({@code detector.threads}),
 *     0..64; default 0 = one per core, the detector's default
 * @param runs bare and VSP passes per batch size, alternating, the best of each counts, 1..10; default 2
 * @param latencyBatch batch size of the latency part, one of those the model can be exported at; default 4
 * @param load offered load of the latency part as a share of VSP's measured throughput at that batch size,
 *     0.05..0.95; default 0.55
 * @param rate offered load of the latency part in frames per second, all cameras together, instead of
 *     {@code load}; 0 = use {@code load}
 * @param warmUp latency part: live frames before the measuring window, not counted; default 5 s
 * @param window latency part: measuring window, 5..600 s; default 30 s
 * @param reps preprocessing part: runs of every setup per frame size, 1..20; default 5
 * @param throughput run part one (backlog at full speed)
 * @param latency run part two (live load below saturation)
 * @param preprocess run part three (preprocessing alone: full vs reduced decode, 1 vs 2 threads)
 * @param hostFrames host part: backlog frames per pass, 200..100000; default 1500
 * @param hostBatch host part: batch size of the host model and {@code batch.max}, 1..64; default 8
 * @param hostInput host part: the host model's input type; default uint8 (super-gradients' default export)
 * @param host run part four (host ceiling: the whole detector with the host model, 3 frame sizes, 1 and 2
 *     preprocessing threads)
 * @param exports run part five (live load on a batch-4 model: one export vs exports at batch 1 and 4)
 */
record DetectorOptions(Path work, List<Integer> batches, int seconds, int threads, int runs, int latencyBatch,
                       double load, double rate, Duration warmUp, Duration window, int reps, int hostFrames,
                       int hostBatch, InputType hostInput, boolean throughput, boolean latency, boolean preprocess, boolean host,
                       boolean exports) {
  static final String USAGE = String.join("\n",
      "usage: bench/run detector [--batches 1,2,4,8] [--seconds S] [--threads N] [--runs N] [--latency-batch B]",
      "                          [--load F | --rate FPS] [--warmup S] [--window S] [--reps N]",
      "                          [--host-frames N] [--host-batch B] [--host-input uint8|float32]",
      "                          [--only throughput|latency|preprocess|host|exports] [--work DIR]",
      "  --batches L        batch sizes to export the bench model at, comma separated (default 1,2,4,8)",
      "  --seconds S        processing time per throughput pass: backlog = S x bare frames/s (default 20)",
      "  --threads N        ONNX Runtime intra-op threads, bare and VSP alike (default 0 = one per core)",
      "  --runs N           throughput: bare and VSP passes per batch size, alternating, the best counts; latency,",
      "                     host, exports: passes of every setup, in turns, median and range reported (default 2)",
      "  --latency-batch B  batch size of the latency part (default 4)",
      "  --load F           latency and exports parts: offered load as a share of VSP's throughput at that batch",
      "                     (default 0.55; without a throughput pass at that batch, of the bare engine's)",
      "  --rate FPS         latency and exports parts: offered frames/s of the 4 cameras together, instead of --load",
      "  --warmup S         latency and exports parts: seconds of live frames before measuring (default 5)",
      "  --window S         latency and exports parts: seconds measured (default 30)",
      "  --reps N           preprocess part: runs of each setup per frame size, 2 s each (default 5)",
      "  --host-frames N    host part: backlog frames per pass (default 1500)",
      "  --host-batch B     host part: the host model's batch and batch.max (default 8)",
      "  --host-input T     host part: the host model's input, uint8 (as super-gradients exports with its",
      "                     preprocessing, the default) or float32 (0..1 planes, four times the bytes per frame)",
      "  --only PART        throughput (backlog at full speed), latency (live load), preprocess (JPEG to input",
      "                     slot alone, no Kafka: full vs reduced decode, 1 vs 2 threads, 3 frame sizes), host",
      "                     (host ceiling: the whole detector with a model of next to no compute, 1920x1080,",
      "                     1280x720, 640x360, preprocess.threads 1 and 2: frames/s, detector and broker CPU per",
      "                     frame, a projection to GPU rates) or exports (live load on the batch-4 bench model:",
      "                     one export vs exports at batch 1 and 4: engine busy, latency)",
      "  --work DIR         folder for the cached sample, models and configs (default bench/target/detector-bench)");

  static DetectorOptions parse(String[] args) {
    Path work = Path.of("bench", "target", "detector-bench");
    List<Integer> batches = List.of(1, 2, 4, 8);
    int seconds = 20;
    int threads = 0;
    int runs = 2;
    int latencyBatch = 4;
    double load = 0.55;
    double rate = 0;
    Duration warmUp = Duration.ofSeconds(5);
    Duration window = Duration.ofSeconds(30);
    int reps = 5;
    int hostFrames = 1500;
    int hostBatch = 8;
    InputType hostInput = InputType.UINT8;
    boolean throughput = true;
    boolean latency = true;
    boolean preprocess = true;
    boolean host = true;
    boolean exports = true;
    Options option = new Options(args);
    while (option.next()) {
      switch (option.name()) {
        case "--work" -> work = option.path();
        case "--batches" -> batches = option.numbers(1, 64);
        case "--seconds" -> seconds = option.number(5, 600);
        case "--threads" -> threads = option.number(0, 64);
        case "--runs" -> runs = option.number(1, 10);
        case "--latency-batch" -> latencyBatch = option.number(1, 64);
        case "--load" -> load = option.fraction(0.05, 0.95);
        case "--rate" -> rate = option.fraction(0.1, 1000);
        case "--warmup" -> warmUp = option.seconds(0, 600);
        case "--window" -> window = option.seconds(5, 600);
        case "--reps" -> reps = option.number(1, 20);
        case "--host-frames" -> hostFrames = option.number(200, 100_000);
        case "--host-batch" -> hostBatch = option.number(1, 64);
        case "--host-input" -> hostInput = option.oneOf("uint8", "float32").equals("uint8") ? InputType.UINT8
            : InputType.FLOAT32;
        case "--only" -> {
          String part = option.oneOf("throughput", "latency", "preprocess", "host", "exports");
          throughput = part.equals("throughput");
          latency = part.equals("latency");
          preprocess = part.equals("preprocess");
          host = part.equals("host");
          exports = part.equals("exports");
        }
        default -> throw option.unknown();
      }
    }
    return new DetectorOptions(work, batches, seconds, threads, runs, latencyBatch, load, rate, warmUp, window, reps,
        hostFrames, hostBatch, hostInput, throughput, latency, preprocess, host, exports);
  }
}
