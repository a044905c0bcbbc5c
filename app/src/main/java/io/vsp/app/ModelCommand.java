package io.vsp.app;

import io.vsp.detector.engine.InputType;
import io.vsp.detector.synth.ModelKind;
import io.vsp.detector.synth.ModelSynth;
import io.vsp.detector.engine.OutputFormat;
import io.vsp.detector.synth.SynthSpec;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vsp model synth}: writes a generated ONNX model with the YOLO-NAS contract (SPEC §8). */
@Command(name = "model", description = "Model tools.", subcommands = ModelCommand.Synth.class)
final class ModelCommand {

  @Command(name = "synth", mixinStandardHelpOptions = true,
      description = "Write a generated ONNX model: 'synthetic' finds palette-coloured rectangles (docs/MODELS.md), "
          + "'bench' has random weights and the compute of YOLO-NAS S.")
  static final class Synth implements Callable<Integer> {
    @Option(names = "--kind", required = true, description = "synthetic | bench")
    ModelKind kind;

    @Option(names = "--out", required = true, description = "Output .onnx file.")
    Path out;

    @Option(names = "--format", defaultValue = "raw", description = "raw | flat | batch (default: ${DEFAULT-VALUE})")
    OutputFormat format;

    @Option(names = "--dtype", defaultValue = "float32", description = "float32 | uint8 (default: ${DEFAULT-VALUE})")
    InputType dtype;

    @Option(names = "--batch", defaultValue = "1", description = "Fixed batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--size", defaultValue = "640", description = "Input width and height (default: ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--drop", split = ",", description = "synthetic only: never detect these labels (e.g. dog), "
        + "a second model to try vsp replay and vsp compare with.")
    java.util.Set<String> drop = java.util.Set.of();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      SynthSpec synth;
      try {
        synth = new SynthSpec(kind, format, dtype, batch, size);
        ModelSynth.write(synth, drop, out);
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("vsp model synth: " + e.getMessage());
        return Main.USAGE;
      }
      spec.commandLine().getOut().printf("wrote %s: %s%n", out, ModelSynth.describe(synth, java.nio.file.Files.size(out)));
      return 0;
    }
  }
}
