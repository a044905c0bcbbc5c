package io.vsp.app.enginebench;

import io.vsp.common.config.DetectorConfig;
import io.vsp.detector.engine.EngineException;
import io.vsp.detector.engine.InferenceEngine;
import io.vsp.detector.engine.InputBatch;
import io.vsp.detector.engine.tensorrt.TensorRtEngine;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The TensorRT engine alone at full batches, like {@code trtexec}: warm-up runs, then timed runs from one
 * thread per batch in flight ({@code detector.inflight}), each with its own input batch; no JPEG, no Kafka.
 * The ceiling the whole detector is compared against.
 */
final class EngineAloneRun {
  /** Frames per second over the timed runs and the mean wall time of one {@code infer} call. */
  record Result(int batch, int inflight, int runs, double framesPerSecond, double msPerBatch) {}

  private EngineAloneRun() {}

  static Result run(DetectorConfig config, int warmup, int runs) throws EngineException, InterruptedException {
    try (InferenceEngine engine = TensorRtEngine.open(config)) {
      int threads = config.inflightBatches();
      int batch = engine.contract().batch();
      CyclicBarrier start = new CyclicBarrier(threads + 1);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<Long>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int share = runs / threads + (t < runs % threads ? 1 : 0);
          workers.add(pool.submit(() -> timedRuns(engine, warmup, share, start)));
        }
        start.await();
        long begin = System.nanoTime();
        long busyNanos = 0;
        for (Future<Long> worker : workers) {
          busyNanos += worker.get();
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        return new Result(batch, threads, runs, runs * (double) batch / seconds, busyNanos / 1e6 / runs);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.BrokenBarrierException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        throw cause instanceof EngineException ee ? ee : new EngineException("engine run failed: " + cause, cause);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /** Returns the summed wall time of this thread's timed runs. */
  private static long timedRuns(InferenceEngine engine, int warmup, int runs, CyclicBarrier start) throws Exception {
    InputBatch input = engine.newInputBatch();
    for (int slot = 0; slot < input.capacity(); slot++) {
      ByteBuffer memory = input.slot(slot);
      // any bytes do: the engine's speed does not depend on the pixels
      while (memory.hasRemaining()) {
        memory.put((byte) 114);
      }
    }
    for (int i = 0; i < warmup; i++) {
      engine.infer(input, input.capacity()).close(); // gives the output buffer back for the next run
    }
    start.await();
    long busy = 0;
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      engine.infer(input, input.capacity()).close();
      busy += System.nanoTime() - t0;
    }
    return busy;
  }
}
