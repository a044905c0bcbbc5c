package io.vsp.detector.engine;

import java.util.Objects;
import java.util.Set;

/**
 * What the model expects and returns, found from the ONNX inputs/outputs by shape and type (names vary).
 *
 * @param name model name shown in {@code detections} records: the file name without {@code .onnx}
 * @param inputType element type of the {@code [batch,3,height,width]} RGB input
 * @param batch images per inference, fixed at export (a partial batch is padded)
 * @param height input height in pixels
 * @param width input width in pixels
 * @param format which of the YOLO-NAS output layouts the model has
 * @param numClasses classes scored by a raw model; 0 for the NMS formats, whose shapes do not say
 * @param precision {@code fp32}, {@code fp16} or {@code int8}, read from the graph (TensorRT 11 builds
 *     strongly typed networks, so the graph decides)
 */
public record ModelContract(String name, InputType inputType, int batch, int height, int width,
    OutputFormat format, int numClasses, String precision) {

  private static final Set<String> PRECISIONS = Set.of("fp32", "fp16", "int8");

  public ModelContract {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(inputType, "inputType");
    Objects.requireNonNull(format, "format");
    if (batch < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException("batch, height and width must be positive: " + batch + "x" + height + "x"
          + width);
    }
    if (numClasses < 0 || (format == OutputFormat.RAW && numClasses == 0)) {
      throw new IllegalArgumentException("numClasses " + numClasses + " does not fit format " + format);
    }
    if (!PRECISIONS.contains(precision)) {
      throw new IllegalArgumentException("precision must be one of " + PRECISIONS + " (got " + precision + ")");
    }
  }

  /** Elements of one image in the input: {@code 3*height*width}. */
  public int slotElements() {
    return 3 * height * width;
  }

  /** Bytes of one image in the input. */
  public long slotBytes() {
    return (long) slotElements() * inputType.bytes();
  }

  /** The input shape {@code [batch,3,height,width]}. */
  public long[] inputShape() {
    return new long[] {batch, 3, height, width};
  }
}
