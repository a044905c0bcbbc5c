package io.vsp.detector.engine.tensorrt;

import static org.bytedeco.cuda.global.cudart.cudaGetDeviceCount;
import static org.bytedeco.cuda.global.cudart.cudaSuccess;

import io.vsp.detector.engine.EngineException;

/**
 * Answers "can TensorRT run here?" before a GPU-only command does any work: the natives load, CUDA sees
 * a device, and the configured one exists. Without them the answer is an {@link EngineException} saying
 * what is missing.
 */
public final class GpuProbe {
  private GpuProbe() {}

  /** The configured GPU, after checking the natives and the device. */
  public static GpuInfo require(int device) throws EngineException {
    TrtNatives.require();
    int[] count = {0};
    int status = cudaGetDeviceCount(count);
    if (status != cudaSuccess || count[0] == 0) {
      throw new EngineException("no CUDA device is visible (cudaGetDeviceCount: status " + status + ", "
          + count[0] + " devices): check the NVIDIA driver and that the GPU is passed into the container");
    }
    if (device >= count[0]) {
      throw new EngineException("detector.tensorrt.device is " + device + " but CUDA sees " + count[0]
          + " device(s) (0.." + (count[0] - 1) + ")");
    }
    return Cuda.describe(device);
  }
}
