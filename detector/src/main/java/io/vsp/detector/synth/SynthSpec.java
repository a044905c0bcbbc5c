package io.vsp.detector.synth;

import io.vsp.detector.engine.OutputFormat;

import io.vsp.detector.engine.InputType;

import java.util.Objects;

/**
 * What to generate: model kind, output format, input type, the fixed batch size and the square input
 * size. A null format or dtype, or a batch or size of 0, takes the default (RAW, FLOAT32, 1, 640).
 *
 * @param size input width and height in pixels, a multiple of 32 (the coarsest stride)
 * @param nms the operator doing NMS for the NMS formats; null takes {@link NmsOp#ONNX}
 */
public record SynthSpec(ModelKind kind, OutputFormat format, InputType dtype, int batch, int size, NmsOp nms) {
  public static final int DEFAULT_BATCH = 1;
  public static final int DEFAULT_SIZE = 640;
  public static final int MAX_BATCH = 256;
  public static final int MIN_SIZE = 64;
  public static final int MAX_SIZE = 4096;

  public SynthSpec {
    Objects.requireNonNull(kind, "kind");
    format = format == null ? OutputFormat.RAW : format;
    dtype = dtype == null ? InputType.FLOAT32 : dtype;
    batch = batch == 0 ? DEFAULT_BATCH : batch;
    size = size == 0 ? DEFAULT_SIZE : size;
    nms = nms == null ? NmsOp.ONNX : nms;
    if (nms == NmsOp.EFFICIENT_NMS_TRT && format != OutputFormat.BATCH) {
      throw new IllegalArgumentException("the EfficientNMS_TRT plugin gives the batch format only, not " + format);
    }
    if (batch < 1 || batch > MAX_BATCH) {
      throw new IllegalArgumentException("batch must be 1.." + MAX_BATCH + ", got " + batch);
    }
    if (kind == ModelKind.HOST && format != OutputFormat.RAW) {
      throw new IllegalArgumentException("the host model has raw outputs only, got format "
          + format.name().toLowerCase(java.util.Locale.ROOT));
    }
    if (size < MIN_SIZE || size > MAX_SIZE || size % 32 != 0) {
      throw new IllegalArgumentException(
          "size must be a multiple of 32 in " + MIN_SIZE + ".." + MAX_SIZE + ", got " + size);
    }
  }

  /** A spec with ONNX NonMaxSuppression for the NMS formats. */
  public SynthSpec(ModelKind kind, OutputFormat format, InputType dtype, int batch, int size) {
    this(kind, format, dtype, batch, size, null);
  }

  /** The defaults for a kind: RAW, FLOAT32, batch 1, 640×640. */
  public static SynthSpec of(ModelKind kind) {
    return new SynthSpec(kind, null, null, 0, 0);
  }

  public SynthSpec withFormat(OutputFormat value) {
    return new SynthSpec(kind, value, dtype, batch, size, nms);
  }

  public SynthSpec withDtype(InputType value) {
    return new SynthSpec(kind, format, value, batch, size, nms);
  }

  public SynthSpec withBatch(int value) {
    return new SynthSpec(kind, format, dtype, value, size, nms);
  }

  public SynthSpec withSize(int value) {
    return new SynthSpec(kind, format, dtype, batch, value, nms);
  }

  public SynthSpec withNms(NmsOp value) {
    return new SynthSpec(kind, format, dtype, batch, size, value);
  }

  /** Candidates per image in the RAW outputs: one per cell of the stride 8, 16 and 32 grids (8400 at 640). */
  public int candidates() {
    int s8 = size / 8;
    int s16 = size / 16;
    int s32 = size / 32;
    return s8 * s8 + s16 * s16 + s32 * s32;
  }
}
