package io.vsp.detector.engine.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.vsp.detector.engine.DirectInputBatch;
import io.vsp.detector.engine.EngineException;
import io.vsp.detector.engine.InferenceEngine;
import io.vsp.detector.engine.InputBatch;
import io.vsp.detector.engine.InputType;
import io.vsp.detector.engine.ModelContract;
import io.vsp.detector.engine.OutputTensor;
import io.vsp.detector.engine.RawOutput;
import io.vsp.detector.engine.SlotsBatch;
import io.vsp.detector.engine.contract.ContractMatcher;
import io.vsp.detector.engine.contract.ModelLayout;
import io.vsp.detector.engine.contract.OnnxModelScan;
import io.vsp.detector.engine.contract.PluginExports;
import io.vsp.detector.engine.contract.TensorSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a YOLO-NAS ONNX model on ONNX Runtime's CPU execution provider. Each input batch is a direct
 * native-order buffer that an {@link OnnxTensor} wraps without copying, made once per batch. Outputs of fixed
 * shape (raw and batch formats) are written by the runtime into {@link OutputSets} lent to the run and given
 * back when the {@link RawOutput} is closed; the flat table (its row count is the run's) and float16/int32
 * outputs are copied into Java arrays instead.
 */
public final class OnnxRuntimeEngine implements InferenceEngine {
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final ModelLayout layout;
  private final Optional<OutputSets> outputSets;
  private final Object lock = new Object();
  // guarded by lock
  private final List<OrtBatch> batches = new ArrayList<>();
  // guarded by lock
  private boolean closed;

  /** Opens {@code model} with one intra-op thread per available core. */
  public OnnxRuntimeEngine(Path model) throws EngineException {
    this(model, Runtime.getRuntime().availableProcessors(), 1);
  }

  /**
   * @param intraOpThreads threads ONNX Runtime uses inside one operator, at least 1
   * @param batchIfOpen batch size when the export left the batch dimension open (fixed exports ignore it)
   */
  public OnnxRuntimeEngine(Path model, int intraOpThreads, int batchIfOpen) throws EngineException {
    if (intraOpThreads < 1 || batchIfOpen < 1) {
      throw new IllegalArgumentException("intraOpThreads and batchIfOpen must be at least 1");
    }
    if (!Files.isRegularFile(model)) {
      throw new EngineException("model " + model + " not found");
    }
    String precision = scanPrecision(model);
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(intraOpThreads);
      // One batch at a time per engine: parallelism inside operators is what pays on a CPU.
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      this.session = env.createSession(model.toString(), options);
    } catch (OrtException e) {
      throw new EngineException("model " + model + " could not be loaded by onnxruntime: " + e.getMessage(), e);
    }
    try {
      this.layout = ContractMatcher.match(model, OrtModelInfo.inputs(session), OrtModelInfo.outputs(session),
          precision, batchIfOpen);
    } catch (OrtException | EngineException e) {
      closeSession();
      throw e instanceof EngineException ee ? ee
          : new EngineException("model " + model + ": cannot read inputs/outputs: " + e.getMessage(), e);
    }
    this.outputSets = OutputSets.of(env, layout);
  }

  /** The graph's precision; refuses TensorRT plugin nodes, which ONNX Runtime would fail on less clearly. */
  private static String scanPrecision(Path model) throws EngineException {
    OnnxModelScan scan;
    try {
      scan = OnnxModelScan.read(model);
    } catch (IOException e) {
      throw new EngineException(e.getMessage(), e);
    }
    PluginExports.refuseOnOnnxRuntime(model, scan.plugins());
    return scan.precision();
  }

  @Override
  public ModelContract contract() {
    return layout.contract();
  }

  @Override
  public String engineName() {
    return "onnxruntime";
  }

  @Override
  public InputBatch newInputBatch() {
    ModelContract c = layout.contract();
    ByteBuffer memory = ByteBuffer.allocateDirect(Math.toIntExact(c.batch() * c.slotBytes()));
    return track(new DirectInputBatch(memory, c.batch(), c.slotBytes(), this));
  }

  @Override
  public InputBatch viewOf(InputBatch larger) {
    if (!(larger instanceof OrtBatch other) || other.slots.capacity() < contract().batch()) {
      throw new IllegalArgumentException("not an onnxruntime input batch of at least " + contract().batch()
          + " slots");
    }
    return track(other.slots.view(contract().batch(), this));
  }

  /** Wraps {@code slots} in a tensor this engine closes (the memory itself is a Java buffer, freed by GC). */
  private InputBatch track(DirectInputBatch slots) {
    ModelContract c = layout.contract();
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("engine is closed");
      }
      OrtBatch batch = new OrtBatch(slots, wrap(slots.memory(), c));
      batches.add(batch);
      return batch;
    }
  }

  /** A tensor over the batch memory itself: ONNX Runtime reads the slots where the preprocessor wrote them. */
  private OnnxTensor wrap(ByteBuffer memory, ModelContract c) {
    try {
      return c.inputType() == InputType.UINT8
          ? OnnxTensor.createTensor(env, memory, c.inputShape(), OnnxJavaType.UINT8)
          : OnnxTensor.createTensor(env, memory.asFloatBuffer(), c.inputShape());
    } catch (OrtException e) {
      throw new IllegalStateException("cannot wrap input buffer: " + e.getMessage(), e);
    }
  }

  @Override
  public RawOutput infer(InputBatch batch, int used) throws EngineException {
    if (!(batch instanceof OrtBatch ours) || !ours.slots.ownedBy(this)) {
      throw new IllegalArgumentException("input batch was not made by this engine");
    }
    if (used < 1 || used > batch.capacity()) {
      throw new IllegalArgumentException("used " + used + " is outside 1.." + batch.capacity());
    }
    batch.clear(used);
    return outputSets.isPresent() ? runPinned(ours, used, outputSets.get()) : runCopied(ours, used);
  }

  /** The runtime writes the outputs into a lent set; the result's views are over it, nothing is copied. */
  private RawOutput runPinned(OrtBatch batch, int used, OutputSets sets) throws EngineException {
    OutputSets.Lease lease = null;
    try {
      lease = sets.take();
      // The result holds the pinned tensors without owning them: closing it leaves the set alone.
      session.run(Map.of(layout.input().name(), batch.tensor), lease.pinned()).close();
      return new RawOutput(layout.contract().format(), used, lease.views(), lease.giveBack());
    } catch (OrtException e) {
      if (lease != null) {
        lease.giveBack().run();
      }
      throw new EngineException("onnxruntime run failed: " + e.getMessage(), e);
    }
  }

  private RawOutput runCopied(OrtBatch batch, int used) throws EngineException {
    try (OrtSession.Result result = session.run(Map.of(layout.input().name(), batch.tensor))) {
      List<OutputTensor> outputs = new ArrayList<>(layout.outputs().size());
      for (TensorSpec spec : layout.outputs()) {
        OnnxValue value = result.get(spec.name())
            .orElseThrow(() -> new EngineException("onnxruntime returned no output " + spec.name()));
        outputs.add(copy(spec.name(), (OnnxTensor) value));
      }
      return new RawOutput(layout.contract().format(), used, outputs);
    } catch (OrtException e) {
      throw new EngineException("onnxruntime run failed: " + e.getMessage(), e);
    }
  }

  /** How many output sets runs were lent so far (tests: sets are reused once given back); 0 when copying. */
  int outputSetsMade() {
    return outputSets.map(OutputSets::made).orElse(0);
  }

  /** The output copied out of the session's memory ({@code get*Buffer} returns a copy of its own). */
  private static OutputTensor copy(String name, OnnxTensor tensor) {
    long[] shape = tensor.getInfo().getShape();
    return switch (tensor.getInfo().type) {
      case FLOAT, FLOAT16 -> OutputTensor.ofFloats(name, shape, tensor.getFloatBuffer());
      case INT64 -> OutputTensor.ofLongs(name, shape, tensor.getLongBuffer());
      case INT32 -> OutputTensor.ofLongs(name, shape, widen(tensor.getIntBuffer()));
      default -> throw new IllegalStateException("output " + name + " has type " + tensor.getInfo().type
          + ", which the contract excluded");
    };
  }

  private static long[] widen(IntBuffer buffer) {
    long[] copy = new long[buffer.remaining()];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = buffer.get(i);
    }
    return copy;
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      batches.forEach(b -> b.tensor.close());
      batches.clear();
    }
    outputSets.ifPresent(OutputSets::close);
    closeSession();
  }

  private void closeSession() {
    try {
      session.close();
    } catch (OrtException e) {
      // Nothing to recover at shutdown; the process is letting go of the model either way.
    }
  }

  /** A batch's slots plus the tensor that wraps their memory; the tensor keeps the buffer reachable. */
  private record OrtBatch(DirectInputBatch slots, OnnxTensor tensor) implements SlotsBatch {}
}
