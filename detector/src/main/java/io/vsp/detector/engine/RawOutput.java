package io.vsp.detector.engine;

import java.util.List;
import java.util.Objects;

/**
 * The output tensors of one inference, copied out of the engine, in the order the format defines
 * (names vary between exports, so decoders go by position): raw = boxes, scores; flat = the {@code [K,7]}
 * table; batch = counts, boxes, scores, classes.
 *
 * @param used images in the batch that were real; outputs of the padding slots are to be ignored
 */
public record RawOutput(OutputFormat format, int used, List<OutputTensor> tensors) {

  public RawOutput {
    Objects.requireNonNull(format, "format");
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
}
