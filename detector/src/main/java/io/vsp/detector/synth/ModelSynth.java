package io.vsp.detector.synth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Set;

/**
 * Writes the generated ONNX models of {@code vsp model synth} (SPEC §3, §8): the same spec always
 * gives the same bytes, and only standard opset-17 operators that ONNX Runtime and TensorRT's ONNX
 * parser both accept are used — except in the {@link NmsOp#EFFICIENT_NMS_TRT} variant, whose NMS is
 * TensorRT's plugin, as in super-gradients' TensorRT export.
 */
public final class ModelSynth {

  private ModelSynth() {}

  /** Writes the model to {@code out} atomically (a temporary file in the same folder, then a move). */
  public static void write(SynthSpec spec, Path out) throws IOException {
    write(spec, Set.of(), out);
  }

  /**
   * Writes a {@code synthetic} model that never detects the colours of {@code dropLabels} (COCO names of
   * {@link Palette} entries): the "other model" of replay and compare tests (issue 14).
   *
   * @throws IllegalArgumentException for a label no palette colour stands for, or a {@code bench} model
   */
  public static void write(SynthSpec spec, Set<String> dropLabels, Path out) throws IOException {
    byte[] bytes = build(spec, dropLabels);
    Path absolute = out.toAbsolutePath();
    Path dir = absolute.getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Path tmp = Files.createTempFile(dir, absolute.getFileName() + ".", ".tmp");
    try {
      Files.write(tmp, bytes);
      Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The ONNX file's bytes. */
  public static byte[] build(SynthSpec spec) {
    return build(spec, Set.of());
  }

  private static byte[] build(SynthSpec spec, Set<String> dropLabels) {
    for (String label : dropLabels) {
      if (spec.kind() != ModelKind.SYNTHETIC || Palette.entries().stream().noneMatch(e -> e.cocoLabel().equals(label))) {
        throw new IllegalArgumentException("cannot drop \"" + label + "\": only labels of the synthetic model's "
            + "palette can be dropped (" + Palette.entries().stream().map(Palette.Entry::cocoLabel).toList() + ")");
      }
    }
    GraphBuilder graph = switch (spec.kind()) {
      case SYNTHETIC -> SyntheticGraph.build(spec, dropLabels);
      case BENCH -> BenchGraph.build(spec);
      case HOST -> HostGraph.build(spec);
    };
    return OnnxEncoder.model(graph, graph.doc());
  }

  /** Compute of one image through the model's convolutions, 2 FLOPs per multiply-accumulate. */
  public static long flopsPerImage(SynthSpec spec) {
    return switch (spec.kind()) {
      case BENCH -> BenchGraph.flopsPerImage(spec.size());
      // the palette Conv: 6 colours × 6 features per pixel; the pools and reductions are comparisons
      case SYNTHETIC -> 2L * spec.size() * spec.size() * Palette.entries().size() * 6;
      // one multiply per (candidate, class) score; the adds are as many again
      case HOST -> 2L * spec.candidates() * Palette.COCO_CLASSES;
    };
  }

  /** One line for the command line: what was written, e.g. for {@code vsp model synth}. */
  public static String describe(SynthSpec spec, long bytes) {
    return String.format(Locale.ROOT, "%s model, %s outputs, %s input [%d,3,%d,%d], %d candidates, %.2f GFLOPs"
            + " per image, %s", spec.kind().name().toLowerCase(Locale.ROOT),
        spec.format().name().toLowerCase(Locale.ROOT), spec.dtype().name().toLowerCase(Locale.ROOT),
        spec.batch(), spec.size(), spec.size(), spec.candidates(), flopsPerImage(spec) / 1e9,
        bytes < 1_000_000 ? String.format(Locale.ROOT, "%.1f kB", bytes / 1e3)
            : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6));
  }
}
