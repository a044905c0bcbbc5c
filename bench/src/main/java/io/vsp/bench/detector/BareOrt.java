package io.vsp.bench.detector;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.vsp.bench.CpuTimes;
import io.vsp.bench.NamedThread;
import io.vsp.bench.Throughput;
import io.vsp.detector.engine.ModelContract;
import io.vsp.detector.preprocess.CorruptFrameException;
import io.vsp.detector.preprocess.Preprocessor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ceiling the detector is held against: ONNX Runtime's {@code session.run} on the same model file, with
 * the session options of {@code OnnxRuntimeEngine} (intra-op threads, one inter-op thread, sequential,
 * all graph optimisations) and an input tensor filled once with letterboxed sample frames; nothing else.
 * Frames per second = batch × runs per second.
 */
final class BareOrt {
  /** Runs before the clock starts: ONNX Runtime sizes its memory arena and warms its caches on the first ones. */
  private static final int WARM_UP_RUNS = 3;

  /**
   * A timed pass.
   *
   * @param pass frames (batch × runs), wall time, this JVM's CPU, other programs' load
   * @param millisPerRun wall time of one {@code session.run}
   */
  record Result(int batch, long runs, Throughput pass, double millisPerRun) {}

  private BareOrt() {}

  /** Runs the model for about {@code duration} after the warm-up, on a thread of its own (see {@link NamedThread}). */
  static Result run(Path model, ModelContract contract, int intraOpThreads, List<byte[]> jpegs, Duration duration,
                    Optional<ProcessHandle> broker) throws Exception {
    return NamedThread.call("bare-ort", () -> timed(model, contract, intraOpThreads, jpegs, duration, broker));
  }

  private static Result timed(Path model, ModelContract contract, int intraOpThreads, List<byte[]> jpegs,
                              Duration duration, Optional<ProcessHandle> broker) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    ByteBuffer input = ByteBuffer.allocateDirect(Math.toIntExact(contract.batch() * contract.slotBytes()))
        .order(ByteOrder.nativeOrder());
    fill(input, contract, jpegs);
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(intraOpThreads);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      try (OrtSession session = env.createSession(model.toString(), options);
           OnnxTensor tensor = OnnxTensor.createTensor(env, input.asFloatBuffer(), contract.inputShape())) {
        Map<String, OnnxTensor> feed = Map.of(session.getInputNames().iterator().next(), tensor);
        for (int i = 0; i < WARM_UP_RUNS; i++) {
          runOnce(session, feed);
        }
        long busyBefore = CpuTimes.machineBusyNanos();
        long brokerBefore = CpuTimes.processNanos(broker);
        long cpuBefore = CpuTimes.processNanos();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long runs = 0;
        do {
          runOnce(session, feed);
          runs++;
        } while (System.nanoTime() < end);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (CpuTimes.processNanos() - cpuBefore) / 1e9;
        double brokerCpu = (CpuTimes.processNanos(broker) - brokerBefore) / 1e9;
        double busy = (CpuTimes.machineBusyNanos() - busyBefore) / 1e9;
        Throughput pass = new Throughput(runs * contract.batch(), seconds, cpu,
            Throughput.otherCores(busy, cpu + brokerCpu, seconds));
        return new Result(contract.batch(), runs, pass, seconds * 1000 / runs);
      }
    }
  }

  /** The outputs are released at once, unread: the baseline is the engine alone. */
  private static void runOnce(OrtSession session, Map<String, OnnxTensor> feed) throws OrtException {
    try (OrtSession.Result ignored = session.run(feed)) {
      // nothing to read
    }
  }

  /** Every slot gets a real frame, letterboxed by the detector's own preprocessor. */
  private static void fill(ByteBuffer input, ModelContract contract, List<byte[]> jpegs) throws CorruptFrameException {
    try (Preprocessor preprocessor = new Preprocessor(contract, DetectorBench.RESIZE, DetectorBench.PAD_VALUE)) {
      int slotBytes = Math.toIntExact(contract.slotBytes());
      for (int i = 0; i < contract.batch(); i++) {
        ByteBuffer slot = input.duplicate().position(i * slotBytes).limit((i + 1) * slotBytes).slice();
        preprocessor.prepare(jpegs.get(i % jpegs.size()), slot);
      }
    }
  }
}
