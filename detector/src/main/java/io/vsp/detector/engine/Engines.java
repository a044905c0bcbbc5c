package io.vsp.detector.engine;

import io.vsp.common.config.DetectorConfig;
import io.vsp.detector.engine.onnx.OnnxRuntimeEngine;
import io.vsp.detector.engine.tensorrt.TensorRtEngine;

/**
 * Opens the engine the detector configuration names and checks that the model's input size is the
 * configured {@code detector.input.size}, so preprocessing and model agree before the first frame.
 */
public final class Engines {
  private Engines() {}

  /**
   * @throws EngineException when the model is missing, fits no YOLO-NAS contract (the message lists what
   *     was found and what is accepted), disagrees with {@code detector.input}, or the engine cannot start
   */
  public static InferenceEngine open(DetectorConfig config) throws EngineException {
    InferenceEngine engine = switch (config.engine()) {
      case ONNXRUNTIME -> new OnnxRuntimeEngine(config.model(),
          config.intraOpThreads(Runtime.getRuntime().availableProcessors()),
          config.batch().max());
      case TENSORRT -> TensorRtEngine.open(config);
    };
    try {
      verifyInputSize(engine.contract(), config.model().toString(), config.input());
      return engine;
    } catch (EngineException e) {
      engine.close();
      throw e;
    }
  }

  static void verifyInputSize(ModelContract contract, String model, DetectorConfig.Input input)
      throws EngineException {
    if (contract.height() != input.size() || contract.width() != input.size()) {
      throw new EngineException("model " + model + " takes " + contract.width() + "x" + contract.height()
          + " images but detector.input.size is " + input.size() + ": set input.size to " + contract.width()
          + (contract.width() == contract.height() ? "" : " (non-square inputs are not supported)"));
    }
  }
}
