package io.vsp.detector.engine.tensorrt;

import static org.bytedeco.tensorrt.global.nvinfer.createInferRuntime;

import io.vsp.common.config.DetectorConfig;
import io.vsp.detector.engine.DirectInputBatch;
import io.vsp.detector.engine.EngineException;
import io.vsp.detector.engine.InferenceEngine;
import io.vsp.detector.engine.InputBatch;
import io.vsp.detector.engine.ModelContract;
import io.vsp.detector.engine.RawOutput;
import io.vsp.detector.engine.SlotsBatch;
import io.vsp.detector.engine.contract.ModelLayout;
import io.vsp.detector.engine.contract.TensorSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.tensorrt.global.nvinfer.TensorIOMode;
import org.bytedeco.tensorrt.nvinfer.Dims64;
import org.bytedeco.tensorrt.nvinfer.ICudaEngine;
import org.bytedeco.tensorrt.nvinfer.IExecutionContext;
import org.bytedeco.tensorrt.nvinfer.IRuntime;

/**
 * Runs a YOLO-NAS model with TensorRT 11 on an NVIDIA GPU: the plan comes from the engine cache or is
 * built from the ONNX file by a {@code vsp engine build} child process, then one execution context per batch in flight ({@code detector.inflight}), each
 * with its own CUDA stream and buffers, takes batches from pinned host memory, so that many inference threads
 * keep that many batches in flight.
 *
 * <p>Compiled in every build; it runs only where CUDA and TensorRT natives and a GPU exist (see
 * docs/ENGINES.md). Its decisions (cache key, bindings, shape checks, output conversion) live in
 * classes without TensorRT types, unit-tested on any machine.
 */
public final class TensorRtEngine implements InferenceEngine {
  private final ModelLayout layout;
  private final int device;
  private IRuntime runtime;
  private ICudaEngine engine;
  private final List<ExecutionSlot> slots = new ArrayList<>();
  private final int contexts;
  private final BlockingQueue<ExecutionSlot> idle;
  private final Object lock = new Object();
  // guarded by lock
  private final List<PinnedBatch> batches = new ArrayList<>();
  // guarded by lock
  private boolean closed;

  /**
   * Checks the model's contract (before any GPU work), loads the natives, then loads the plan from the
   * cache or has a {@code vsp engine build} child process build it.
   *
   * @throws EngineException when the model fits no contract, the natives or GPU are missing, or the build
   *     fails
   */
  public static TensorRtEngine open(DetectorConfig config) throws EngineException {
    ModelLayout layout = EngineBuild.layoutOf(config.model(), config.batch().max());
    TrtNatives.require();
    TensorRtEngine trt = new TensorRtEngine(layout, config.tensorrt().device(), config.inflightBatches());
    try {
      trt.start(config);
      return trt;
    } catch (EngineException | RuntimeException e) {
      trt.close();
      throw e;
    }
  }

  private TensorRtEngine(ModelLayout layout, int device, int contexts) {
    this.layout = layout;
    this.device = device;
    this.contexts = contexts;
    this.idle = new ArrayBlockingQueue<>(contexts);
  }

  private void start(DetectorConfig config) throws EngineException {
    BuildRequest request = BuildRequest.of(config);
    ProfilePlan profiles = ProfilePlan.of(layout, contexts);
    GpuInfo gpu = Cuda.describe(device);
    EngineCacheKey key = EngineBuild.key(config.model(), layout, gpu,
        BuildRecipe.of(request.workspaceBytes(), profiles));
    EngineCache cache = new EngineCache(request.cacheDir());
    runtime = createInferRuntime(TrtLogger.INSTANCE);
    Optional<byte[]> cached = read(cache, key);
    engine = cached.map(this::deserialize).orElse(null);
    if (engine == null) {
      if (cached.isPresent()) {
        // A cached plan TensorRT cannot load (e.g. after a driver update): build it again.
        evict(cache, key);
      }
      // In a child process, under the cache entry's build lock: its memory goes back to the OS when it ends.
      EngineBuildProcess.run(config.model(), request);
      engine = read(cache, key).map(this::deserialize).orElse(null);
    }
    if (engine == null) {
      throw new EngineException("TensorRT cannot load the engine built for " + config.model() + " ("
          + cache.planPath(key) + ")");
    }
    profiles.verify(engine.getNbOptimizationProfiles());
    for (int i = 0; i < contexts; i++) {
      IExecutionContext context = engine.createExecutionContext();
      if (context == null || context.isNull()) {
        throw new EngineException("TensorRT could not create an execution context (GPU memory?)");
      }
      // From here the slot owns the context, also when its own start fails.
      ExecutionSlot slot = new ExecutionSlot(context, i, profiles, c -> BindingPlan.of(layout, tensors(c)));
      slots.add(slot);
      idle.add(slot);
    }
  }

  private static Optional<byte[]> read(EngineCache cache, EngineCacheKey key) throws EngineException {
    try {
      return cache.read(key);
    } catch (IOException e) {
      throw new EngineException("cannot read engine cache " + cache.planPath(key) + ": " + e.getMessage(), e);
    }
  }

  private static void evict(EngineCache cache, EngineCacheKey key) throws EngineException {
    try {
      cache.evict(key);
    } catch (IOException e) {
      throw new EngineException("cannot remove stale engine " + cache.planPath(key) + ": " + e.getMessage(), e);
    }
  }

  private ICudaEngine deserialize(byte[] plan) {
    try (BytePointer bytes = new BytePointer(plan)) {
      ICudaEngine loaded = runtime.deserializeCudaEngine(bytes, plan.length);
      return loaded == null || loaded.isNull() ? null : loaded;
    }
  }

  /** The engine's I/O tensors with shapes as {@code context} resolved them. */
  private List<EngineTensor> tensors(IExecutionContext context) {
    List<EngineTensor> tensors = new ArrayList<>();
    for (int i = 0; i < engine.getNbIOTensors(); i++) {
      String name = engine.getIOTensorName(i);
      boolean input = engine.getTensorIOMode(name).intern() == TensorIOMode.kINPUT;
      Dims64 dims = context.getTensorShape(name);
      long[] shape = new long[Math.max(0, dims.nbDims())];
      for (int d = 0; d < shape.length; d++) {
        shape[d] = dims.d(d);
      }
      tensors.add(new EngineTensor(new TensorSpec(name, TrtTypes.elementType(engine.getTensorDataType(name).value),
          shape), input));
    }
    return tensors;
  }

  @Override
  public ModelContract contract() {
    return layout.contract();
  }

  @Override
  public String engineName() {
    return "tensorrt";
  }

  @Override
  public InputBatch newInputBatch() {
    ModelContract c = layout.contract();
    long bytes = c.batch() * c.slotBytes();
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("engine is closed");
      }
      try {
        BytePointer pinned = Cuda.mallocHost(bytes, "input batch");
        ByteBuffer memory = pinned.asByteBuffer();
        PinnedBatch batch = new PinnedBatch(new DirectInputBatch(memory, c.batch(), c.slotBytes(), this), pinned);
        batches.add(batch);
        return batch;
      } catch (EngineException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }
  }

  @Override
  public InputBatch viewOf(InputBatch larger) {
    if (!(larger instanceof PinnedBatch other) || other.slots.capacity() < contract().batch()) {
      throw new IllegalArgumentException("not a tensorrt input batch of at least " + contract().batch() + " slots");
    }
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("engine is closed");
      }
    }
    // Not tracked: the pinned memory is the larger engine's, which frees it.
    return new PinnedBatch(other.slots.view(contract().batch(), this), other.pinned);
  }

  @Override
  public RawOutput infer(InputBatch batch, int used) throws EngineException {
    if (!(batch instanceof PinnedBatch ours) || !ours.slots.ownedBy(this)) {
      throw new IllegalArgumentException("input batch was not made by this engine");
    }
    if (used < 1 || used > batch.capacity()) {
      throw new IllegalArgumentException("used " + used + " is outside 1.." + batch.capacity());
    }
    batch.clear(used);
    Cuda.use(device);
    ExecutionSlot slot;
    try {
      slot = idle.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("interrupted while waiting for a TensorRT execution context", e);
    }
    try {
      return slot.run(ours.pinned, layout.contract().format(), used);
    } finally {
      idle.add(slot);
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    for (int i = 0; i < slots.size(); i++) {
      try {
        // Wait for batches in flight; a context stuck for 10 s is leaked rather than freed under the GPU.
        ExecutionSlot slot = idle.poll(10, TimeUnit.SECONDS);
        if (slot != null) {
          slot.close();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    EngineBuild.release(engine);
    EngineBuild.release(runtime);
    synchronized (lock) {
      batches.forEach(b -> Cuda.freeHost(b.pinned));
      batches.clear();
    }
  }

  /** A batch's slots over pinned host memory, which this engine frees on close. */
  private record PinnedBatch(DirectInputBatch slots, BytePointer pinned) implements SlotsBatch {}
}
