package io.vsp.detector.engine.tensorrt;

import static org.bytedeco.tensorrt.global.nvinfer_plugin.initLibNvInferPlugins;

import io.vsp.detector.engine.EngineException;
import org.bytedeco.javacpp.Loader;

/**
 * Loads CUDA's and TensorRT's native libraries up front, so a machine without them (the default build
 * ships the Java API jars only) gets one clear message instead of a linkage error deep in a call; and
 * registers TensorRT's plugins once per process, which the ONNX parser needs for plugin nodes such as
 * {@code EfficientNMS_TRT} and the runtime needs to deserialize plans that hold them.
 */
final class TrtNatives {
  private static final Object PLUGINS = new Object();
  // guarded by PLUGINS
  private static boolean pluginsRegistered;

  private TrtNatives() {}

  /** Loads the natives and registers the plugins (the latter once per process). */
  static void require() throws EngineException {
    try {
      Loader.load(org.bytedeco.cuda.global.cudart.class);
      Loader.load(org.bytedeco.tensorrt.global.nvinfer.class);
      Loader.load(org.bytedeco.tensorrt.global.nvinfer_plugin.class);
      Loader.load(org.bytedeco.tensorrt.global.nvonnxparser.class);
    } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
      throw new EngineException("engine tensorrt needs an NVIDIA GPU with CUDA 13 and TensorRT 11 native libraries,"
          + " which this build does not have: build with ./mvnw -Pgpu or run the GPU image, or set"
          + " detector.engine: onnxruntime (" + e + ")", e);
    }
    synchronized (PLUGINS) {
      if (!pluginsRegistered) {
        // The empty namespace is the one TensorRT's own plugins (EfficientNMS_TRT, ...) register under.
        if (!initLibNvInferPlugins(TrtLogger.INSTANCE, "")) {
          throw new EngineException("TensorRT could not register its plugins (initLibNvInferPlugins failed;"
              + " see the TensorRT log lines)");
        }
        pluginsRegistered = true;
      }
    }
  }
}
