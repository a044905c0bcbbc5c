package io.vsp.detector.engine;

import io.vsp.common.config.DetectorConfig;
import io.vsp.detector.engine.onnx.OnnxRuntimeEngine;
import io.vsp.detector.engine.tensorrt.TensorRtEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens the engine the detector configuration names and checks that the model's input size is the
 * configured {@code detector.input.size}, so preprocessing and model agree before the first frame. When
 * {@code detector.model} lists several exports of one network, opens each and checks that they differ in
 * batch size only, then runs them as one {@link Exports}.
 */
public final class Engines {
  private Engines() {}

  /**
   * @throws EngineException when a model is missing, fits no YOLO-NAS contract (the message lists what
   *     was found and what is accepted), disagrees with {@code detector.input} or with the other exports, or
   *     the engine cannot start
   */
  public static InferenceEngine open(DetectorConfig config) throws EngineException {
    if (config.models().size() == 1) {
      return open(config, config.models().get(0));
    }
    List<InferenceEngine> opened = new ArrayList<>();
    try {
      for (DetectorConfig.Export export : config.models()) {
        opened.add(open(config, export));
      }
      verifySameNetwork(opened, config.models());
      return new Exports(opened);
    } catch (EngineException | RuntimeException e) {
      opened.forEach(InferenceEngine::close);
      throw e;
    }
  }

  private static InferenceEngine open(DetectorConfig config, DetectorConfig.Export export) throws EngineException {
    Path model = export.file();
    InferenceEngine engine = switch (config.engine()) {
      case ONNXRUNTIME -> new OnnxRuntimeEngine(model,
          config.intraOpThreads(Runtime.getRuntime().availableProcessors()),
          config.batch().max());
      case TENSORRT -> TensorRtEngine.open(config.models().size() == 1 ? config : withModel(config, model));
    };
    try {
      verifyInputSize(engine.contract(), model.toString(), config.input());
      if (export.batch() > 0 && export.batch() != engine.contract().batch()) {
        throw new EngineException("detector.model." + export.batch() + ": " + model + " was exported at batch "
            + engine.contract().batch() + ", not " + export.batch());
      }
      return engine;
    } catch (EngineException e) {
      engine.close();
      throw e;
    }
  }

  /** {@code config} with {@code model} as its only model file. */
  private static DetectorConfig withModel(DetectorConfig c, Path model) {
    return new DetectorConfig(c.metricsPort(), c.engine(), model, c.labels(), c.input(), c.batch(), c.maxFrameAge(),
        c.scoreThreshold(), c.nmsIou(), c.exactlyOnce(), c.tensorrt(), c.threads(), c.preprocess(), c.inflight());
  }

  static void verifyInputSize(ModelContract contract, String model, DetectorConfig.Input input)
      throws EngineException {
    if (contract.height() != input.size() || contract.width() != input.size()) {
      throw new EngineException("model " + model + " takes " + contract.width() + "x" + contract.height()
          + " images but detector.input.size is " + input.size() + ": set input.size to " + contract.width()
          + (contract.width() == contract.height() ? "" : " (non-square inputs are not supported)"));
    }
  }

  /**
   * Exports of one network share input buffers and decoding: everything but the batch size must agree.
   *
   * @param exports as configured, in the order of {@code engines}
   */
  static void verifySameNetwork(List<InferenceEngine> engines, List<DetectorConfig.Export> exports)
      throws EngineException {
    ModelContract first = engines.get(0).contract();
    for (int i = 1; i < engines.size(); i++) {
      ModelContract c = engines.get(i).contract();
      if (c.inputType() != first.inputType() || c.height() != first.height() || c.width() != first.width()
          || c.format() != first.format() || c.numClasses() != first.numClasses()
          || !c.precision().equals(first.precision())) {
        throw new EngineException("detector.model: " + exports.get(i).file() + " (" + describe(c) + ") is not an "
            + "export of the same network as " + exports.get(0).file() + " (" + describe(first) + ")");
      }
      for (int j = 0; j < i; j++) {
        if (engines.get(j).contract().batch() == c.batch()) {
          throw new EngineException("detector.model: " + exports.get(j).file() + " and " + exports.get(i).file()
              + " are both exported at batch " + c.batch() + ": list each batch size once");
        }
      }
    }
  }

  private static String describe(ModelContract c) {
    return c.precision() + ", " + c.inputType() + " " + c.width() + "x" + c.height() + " input, " + c.format()
        + " output"
        + (c.numClasses() > 0 ? ", " + c.numClasses() + " classes" : "");
  }
}
