package io.vsp.detector.engine.onnx;

import io.vsp.detector.engine.InputType;
import io.vsp.detector.engine.OutputFormat;
import io.vsp.detector.synth.ModelKind;
import io.vsp.detector.synth.ModelSynth;
import io.vsp.detector.synth.SynthSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Generated synthetic models (SPEC §8), written once per test JVM and shared between test classes. */
final class SynthModels {
  private static final Map<String, Path> MODELS = new ConcurrentHashMap<>();
  private static Path dir;

  private SynthModels() {}

  static synchronized Path synthetic(OutputFormat format, InputType type, int batch, int size) {
    String name = "synthetic_" + format + "_" + type + "_b" + batch + "_" + size + ".onnx";
    return MODELS.computeIfAbsent(name, n -> write(n, new SynthSpec(ModelKind.SYNTHETIC,
        format,
        type, batch, size)));
  }

  private static Path write(String name, SynthSpec spec) {
    try {
      if (dir == null) {
        dir = Files.createTempDirectory("vsp-synth-models");
        dir.toFile().deleteOnExit();
      }
      Path model = dir.resolve(name);
      ModelSynth.write(spec, model);
      model.toFile().deleteOnExit();
      return model;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
