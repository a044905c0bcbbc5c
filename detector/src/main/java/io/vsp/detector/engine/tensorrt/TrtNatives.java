package io.vsp.detector.engine.tensorrt;

import io.vsp.detector.engine.EngineException;
import org.bytedeco.javacpp.Loader;

/**
 * Loads CUDA's and TensorRT's native libraries up front, so a machine without them (the default build
 * ships the Java API jars only) gets one clear message instead of a linkage error deep in a call.
 */
final class TrtNatives {
  private TrtNatives() {}

  static void require() throws EngineException {
    try {
      Loader.load(org.bytedeco.cuda.global.cudart.class);
      Loader.load(org.bytedeco.tensorrt.global.nvinfer.class);
      Loader.load(org.bytedeco.tensorrt.global.nvonnxparser.class);
    } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
      throw new EngineException("engine tensorrt needs an NVIDIA GPU with CUDA 13 and TensorRT 11 native libraries,"
          + " which this build does not have: build with ./mvnw -Pgpu or run the GPU image, or set"
          + " detector.engine: onnxruntime (" + e + ")", e);
    }
  }
}
