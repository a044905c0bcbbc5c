package io.vsp.detector.engine.tensorrt;

import static org.bytedeco.cuda.global.cudart.cudaMemcpyAsync;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyDeviceToHost;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyHostToDevice;
import static org.bytedeco.cuda.global.cudart.cudaStreamCreateWithFlags;
import static org.bytedeco.cuda.global.cudart.cudaStreamDestroy;
import static org.bytedeco.cuda.global.cudart.cudaStreamNonBlocking;
import static org.bytedeco.cuda.global.cudart.cudaStreamSynchronize;

import io.vsp.detector.engine.EngineException;
import io.vsp.detector.engine.OutputFormat;
import io.vsp.detector.engine.OutputTensor;
import io.vsp.detector.engine.RawOutput;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorrt.nvinfer.IExecutionContext;

/**
 * One batch in flight: an execution context with its own CUDA stream, device buffers for every I/O
 * tensor and pinned host buffers for the outputs. Used by one thread at a time (the engine hands slots
 * out from a queue); freed by {@link #close()}.
 */
final class ExecutionSlot implements AutoCloseable {
  private final IExecutionContext context;
  private final CUstream_st stream = new CUstream_st();
  private final BindingPlan plan;
  private final Pointer deviceInput;
  private final List<Pointer> deviceOutputs = new ArrayList<>();
  private final List<BytePointer> hostOutputs = new ArrayList<>();

  /** Reads the context's resolved tensors into a binding plan (see {@link TensorRtEngine}). */
  @FunctionalInterface
  interface PlanReader {
    BindingPlan read(IExecutionContext context) throws EngineException;
  }

  /**
   * Creates the slot's non-blocking stream, binds the context to the slot's optimization profile and
   * input shape when the batch is open, checks its tensors, and allocates the buffers. Owns
   * {@code context} from here, also when this constructor fails.
   */
  ExecutionSlot(IExecutionContext context, int index, ProfilePlan profiles, PlanReader planReader)
      throws EngineException {
    this.context = context;
    Pointer input = null;
    try {
      // Non-blocking: no implicit synchronisation with the legacy default stream other libraries may use.
      Cuda.check(cudaStreamCreateWithFlags(stream, cudaStreamNonBlocking), "cudaStreamCreateWithFlags");
      if (profiles.selectsProfiles()) {
        int profile = profiles.profileOf(index);
        if (!context.setOptimizationProfileAsync(profile, stream)) {
          throw new EngineException("TensorRT refused optimization profile " + profile + " for execution slot "
              + index);
        }
        if (!context.setInputShape(profiles.inputName(), EngineBuild.dims(profiles.inputShape()))) {
          throw new EngineException("TensorRT refused input shape " + java.util.Arrays.toString(profiles.inputShape())
              + " in profile " + profile);
        }
      }
      this.plan = planReader.read(context);
      input = Cuda.malloc(plan.input().bytes(), plan.input().name());
      for (BindingPlan.Binding output : plan.outputs()) {
        deviceOutputs.add(Cuda.malloc(output.bytes(), output.name()));
        hostOutputs.add(Cuda.mallocHost(output.bytes(), output.name()));
      }
      context.setName("detect-" + index);
    } catch (EngineException | RuntimeException e) {
      releaseAfterFailedStart(input);
      throw e;
    }
    this.deviceInput = input;
  }

  private void releaseAfterFailedStart(Pointer input) {
    Cuda.free(input);
    freeOutputs();
    destroyStream();
    EngineBuild.release(context);
  }

  private void destroyStream() {
    if (!stream.isNull()) {
      cudaStreamDestroy(stream);
    }
  }

  /** Copies the pinned input in, runs, copies the outputs back and waits for the stream. */
  RawOutput run(BytePointer pinnedInput, OutputFormat format, int used) throws EngineException {
    bind(plan.input().name(), deviceInput);
    for (int i = 0; i < deviceOutputs.size(); i++) {
      bind(plan.outputs().get(i).name(), deviceOutputs.get(i));
    }
    Cuda.check(cudaMemcpyAsync(deviceInput, pinnedInput, plan.input().bytes(), cudaMemcpyHostToDevice, stream),
        "copy of the input to the GPU");
    if (!context.enqueueV3(stream)) {
      throw new EngineException("TensorRT enqueueV3 failed (see the TensorRT log lines)");
    }
    for (int i = 0; i < deviceOutputs.size(); i++) {
      Cuda.check(cudaMemcpyAsync(hostOutputs.get(i), deviceOutputs.get(i), plan.outputs().get(i).bytes(),
          cudaMemcpyDeviceToHost, stream), "copy of output " + plan.outputs().get(i).name() + " from the GPU");
    }
    Cuda.check(cudaStreamSynchronize(stream), "cudaStreamSynchronize");
    List<OutputTensor> outputs = new ArrayList<>(hostOutputs.size());
    for (int i = 0; i < hostOutputs.size(); i++) {
      outputs.add(HostOutputs.toTensor(plan.outputs().get(i), hostOutputs.get(i).asByteBuffer()));
    }
    return new RawOutput(format, used, outputs);
  }

  private void bind(String name, Pointer device) throws EngineException {
    if (!context.setTensorAddress(name, device)) {
      throw new EngineException("TensorRT refused the address of tensor " + name);
    }
  }

  @Override
  public void close() {
    if (!stream.isNull()) {
      cudaStreamSynchronize(stream);
    }
    Cuda.free(deviceInput);
    freeOutputs();
    destroyStream();
    EngineBuild.release(context);
  }

  private void freeOutputs() {
    deviceOutputs.forEach(Cuda::free);
    hostOutputs.forEach(Cuda::freeHost);
    deviceOutputs.clear();
    hostOutputs.clear();
  }
}
