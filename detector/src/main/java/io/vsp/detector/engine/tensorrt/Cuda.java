package io.vsp.detector.engine.tensorrt;

import static org.bytedeco.cuda.global.cudart.cudaFree;
import static org.bytedeco.cuda.global.cudart.cudaFreeHost;
import static org.bytedeco.cuda.global.cudart.cudaGetDeviceProperties;
import static org.bytedeco.cuda.global.cudart.cudaGetErrorString;
import static org.bytedeco.cuda.global.cudart.cudaMalloc;
import static org.bytedeco.cuda.global.cudart.cudaMallocHost;
import static org.bytedeco.cuda.global.cudart.cudaSetDevice;
import static org.bytedeco.cuda.global.cudart.cudaSuccess;

import io.vsp.detector.engine.EngineException;
import org.bytedeco.cuda.cudart.cudaDeviceProp;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/** The few CUDA runtime calls the TensorRT engine needs, each checked into an {@link EngineException}. */
final class Cuda {
  private Cuda() {}

  static void check(int status, String what) throws EngineException {
    if (status != cudaSuccess) {
      BytePointer text = cudaGetErrorString(status);
      throw new EngineException(what + " failed: " + (text == null ? "unknown" : text.getString()) + " (CUDA error "
          + status + ")");
    }
  }

  /** Makes {@code device} current for the calling thread (CUDA's current device is per thread). */
  static void use(int device) throws EngineException {
    check(cudaSetDevice(device), "cudaSetDevice(" + device + ")");
  }

  static GpuInfo describe(int device) throws EngineException {
    use(device);
    try (cudaDeviceProp props = new cudaDeviceProp()) {
      check(cudaGetDeviceProperties(props, device), "cudaGetDeviceProperties(" + device + ")");
      return new GpuInfo(props.name().getString().strip(), props.major() + "." + props.minor());
    }
  }

  /** Device memory; the caller frees it with {@link #free}. */
  static Pointer malloc(long bytes, String what) throws EngineException {
    try (PointerPointer<Pointer> out = new PointerPointer<>(1)) {
      check(cudaMalloc(out, bytes), "cudaMalloc(" + what + ", " + bytes + " bytes)");
      return out.get(0);
    }
  }

  /**
   * Page-locked host memory, which async copies need; the caller frees it with {@link #freeHost}.
   * Returned as a byte pointer with its size set, so it can be viewed as a {@link java.nio.ByteBuffer}.
   */
  static BytePointer mallocHost(long bytes, String what) throws EngineException {
    try (PointerPointer<Pointer> out = new PointerPointer<>(1)) {
      check(cudaMallocHost(out, bytes), "cudaMallocHost(" + what + ", " + bytes + " bytes)");
      BytePointer memory = new BytePointer(out.get(0));
      memory.capacity(bytes);
      memory.limit(bytes);
      return memory;
    }
  }

  static void free(Pointer device) {
    if (device != null && !device.isNull()) {
      cudaFree(device);
    }
  }

  static void freeHost(Pointer host) {
    if (host != null && !host.isNull()) {
      cudaFreeHost(host);
    }
  }
}
