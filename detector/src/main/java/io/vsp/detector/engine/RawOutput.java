package io.vsp.detector.engine;

import java.util.List;
import java.util.Objects;

/**
 * The output tensors of one inference, in the order the format defines (names vary between exports, so
 * decoders go by position): raw = boxes, scores; flat = the {@code [K,7]} table; batch = counts, boxes,
 * scores, classes.
 *
 * <p>The tensors may be views of an output buffer the engine lent for this run: {@link #close} gives it back
 * for another run to overwrite, so close once the outputs are decoded and read nothing after.
 *
 * @param used images in the batch that were real; outputs of the padding slots are to be ignored
 * @param release gives the engine's output buffer back; safe to call more than once (see {@link #close})
 */
public record RawOutput(OutputFormat format, int used, List<OutputTensor> tensors, Runnable release)
    implements AutoCloseable {

  /** Outputs that own their memory (Java arrays): nothing to give back. */
  public RawOutput(OutputFormat format, int used, List<OutputTensor> tensors) {
    this(format, used, tensors, () -> {});
  }

  public RawOutput {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(release, "release");
    tensors = List.copyOf(tensors);
    int expected = expectedTensors(format);
    if (tensors.size() != expected) {
      throw new IllegalArgumentException(format + " output needs " + expected + " tensors, got " + tensors);
    }
    if (used < 1) {
      throw new IllegalArgumentException("used must be at least 1 (got " + used + ")");
    }
  }

  /** How many tensors each format has. */
  public static int expectedTensors(OutputFormat format) {
    return switch (format) {
      case RAW -> 2;
      case FLAT -> 1;
      case BATCH -> 4;
    };
  }

  public OutputTensor tensor(int index) {
    return tensors.get(index);
  }

  /** Gives the engine's output buffer back (a later run may overwrite it); a second call does nothing. */
  @Override
  public void close() {
    release.run();
  }
}
