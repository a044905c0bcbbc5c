package io.vsp.app.enginebench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vsp.common.config.ConfigLoader;
import io.vsp.common.config.DetectorConfig;
import io.vsp.detector.engine.OutputFormat;
import io.vsp.detector.synth.ModelKind;
import io.vsp.detector.synth.ModelSynth;
import io.vsp.detector.synth.SynthSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration {@code vsp engine bench} runs (only on a GPU) is checked here: a bad one would fail there. */
class DetectorRunConfigTest {
  @TempDir
  Path dir;

  @Test
  void theBenchConfigurationLoadsWithTheModelsSizeAndTheRequestedBatchAndSlots() throws Exception {
    Path model = dir.resolve("m.onnx");
    ModelSynth.write(new SynthSpec(ModelKind.SYNTHETIC, OutputFormat.RAW, null, 4, 320), model);
    Path file = Files.writeString(dir.resolve("bench.yaml"), DetectorRun.configText("127.0.0.1:9092", model, 4, 3, 1));

    DetectorConfig detector = ConfigLoader.load(file).detector();

    assertThat(detector.engine()).isEqualTo(DetectorConfig.Engine.TENSORRT);
    assertThat(detector.model()).isEqualTo(model.toAbsolutePath());
    assertThat(detector.input().size()).isEqualTo(320);
    assertThat(detector.input().resize()).isEqualTo(318);
    assertThat(detector.batch().max()).isEqualTo(4);
    assertThat(detector.inflightBatches()).isEqualTo(3);
    assertThat(detector.tensorrt().device()).isEqualTo(1);
    assertThat(PaletteFrame.jpeg(DetectorRun.WIDTH, DetectorRun.HEIGHT)).startsWith(0xFF, 0xD8);
  }
}
