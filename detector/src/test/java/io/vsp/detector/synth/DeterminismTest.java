package io.vsp.detector.synth;

import io.vsp.detector.engine.OutputFormat;

import io.vsp.detector.engine.InputType;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same spec always gives the same bytes (fixed seeds, no timestamps), so files can be cached by hash. */
class DeterminismTest {

  @Test
  void twoBuildsOfEverySyntheticExportAreIdentical() {
    for (OutputFormat format : OutputFormat.values()) {
      for (InputType dtype : InputType.values()) {
        SynthSpec spec = SynthSpec.of(ModelKind.SYNTHETIC).withFormat(format).withDtype(dtype).withBatch(2);
        assertThat(ModelSynth.build(spec)).as(spec.toString()).isEqualTo(ModelSynth.build(spec));
      }
    }
  }

  @Test
  void twoBuildsOfTheBenchModelAreIdentical() {
    SynthSpec spec = SynthSpec.of(ModelKind.BENCH);
    assertThat(ModelSynth.build(spec)).isEqualTo(ModelSynth.build(spec));
  }

  @Test
  void writeStoresExactlyTheBuiltBytes(@TempDir Path dir) throws Exception {
    SynthSpec spec = SynthSpec.of(ModelKind.SYNTHETIC).withFormat(OutputFormat.BATCH);
    Path out = dir.resolve("models/synthetic.onnx");

    ModelSynth.write(spec, out);
    ModelSynth.write(spec, out); // overwrites in place

    assertThat(Files.readAllBytes(out)).isEqualTo(ModelSynth.build(spec));
    try (var files = Files.list(out.getParent())) {
      assertThat(files).containsExactly(out);
    }
  }

  @Test
  void differentSpecsGiveDifferentModels() {
    SynthSpec base = SynthSpec.of(ModelKind.SYNTHETIC);
    assertThat(ModelSynth.build(base)).isNotEqualTo(ModelSynth.build(base.withBatch(2)))
        .isNotEqualTo(ModelSynth.build(base.withDtype(InputType.UINT8)))
        .isNotEqualTo(ModelSynth.build(base.withSize(320)));
  }
}
