package io.vsp.app;

import io.vsp.detector.engine.InputType;
import io.vsp.detector.synth.ModelKind;
import io.vsp.detector.synth.ModelSynth;
import io.vsp.detector.engine.OutputFormat;
import io.vsp.detector.synth.SynthSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
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
          + "'bench' has random weights and the compute of YOLO-NAS S, 'host' the raw output shapes at next to no "
          + "compute (for measuring the detector's host side). Several --batch sizes write the same network once per "
          + "size, as <out>-b<N>.onnx, for a detector.model list of exports.")
  static final class Synth implements Callable<Integer> {
    @Option(names = "--kind", required = true, description = "synthetic | bench | host")
    ModelKind kind;

    @Option(names = "--out", required = true, description = "Output .onnx file.")
    Path out;

    @Option(names = "--format", defaultValue = "raw", description = "raw | flat | batch (default: ${DEFAULT-VALUE})")
    OutputFormat format;

    @Option(names = "--dtype", defaultValue = "float32", description = "float32 | uint8 (default: ${DEFAULT-VALUE})")
    InputType dtype;

    @Option(names = "--batch", defaultValue = "1", split = ",",
        description = "Fixed batch size, or several comma separated (default: ${DEFAULT-VALUE})")
    List<Integer> batches;

    @Option(names = "--size", defaultValue = "640", description = "Input width and height (default: ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--drop", split = ",", description = "synthetic only: never detect these labels (e.g. dog), "
        + "a second model to try vsp replay and vsp compare with.")
    java.util.Set<String> drop = java.util.Set.of();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      List<SynthSpec> synths = new ArrayList<>();
      try {
        for (int batch : batches) {
          synths.add(new SynthSpec(kind, format, dtype, batch, size));
        }
        if (new HashSet<>(batches).size() < batches.size()) {
          throw new IllegalArgumentException("--batch lists a size twice: " + batches);
        }
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("vsp model synth: " + e.getMessage());
        return Main.USAGE;
      }
      for (SynthSpec synth : synths) {
        Path file = synths.size() == 1 ? out : exportPath(out, synth.batch());
        ModelSynth.write(synth, drop, file);
        spec.commandLine().getOut().printf("wrote %s: %s%n", file, ModelSynth.describe(synth, Files.size(file)));
      }
      return 0;
    }

    /** {@code models/bench.onnx} at batch 4 → {@code models/bench-b4.onnx}. */
    static Path exportPath(Path out, int batch) {
      String name = out.getFileName().toString();
      int dot = name.toLowerCase(Locale.ROOT).endsWith(".onnx") ? name.length() - 5 : name.length();
      return out.resolveSibling(name.substring(0, dot) + "-b" + batch + name.substring(dot));
    }
  }
}
