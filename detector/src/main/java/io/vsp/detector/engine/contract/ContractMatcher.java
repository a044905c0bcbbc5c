package io.vsp.detector.engine.contract;

import io.vsp.detector.engine.EngineException;
import io.vsp.detector.engine.InputType;
import io.vsp.detector.engine.ModelContract;
import io.vsp.detector.engine.OutputFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Recognises a YOLO-NAS export from its inputs' and outputs' shapes and types (SPEC §8): one
 * {@code [B,3,H,W]} float32/uint8 input, and raw, flat or batch outputs. Export names are never relied
 * on; where shapes alone are ambiguous the export's output order decides.
 */
public final class ContractMatcher {
  static final String EXPECTED_INPUT = "one input [B,3,H,W] float32 or uint8 (H and W fixed)";
  static final String EXPECTED_OUTPUTS = "raw ([B,N,4] float32 + [B,N,C] float32), flat ([K,7] float32) or "
      + "batch ([B,1] int64, [B,K,4], [B,K], [B,K] int64)";

  private ContractMatcher() {}

  /**
   * @param model the ONNX file as configured, named in the refusal message
   * @param precision {@code fp32}, {@code fp16} or {@code int8}, from {@link OnnxModelScan#precision()}
   * @param batchIfOpen batch size to use when the export left the batch dimension open
   * @throws EngineException when the model fits no contract; the message lists what was found and what
   *     is accepted
   */
  public static ModelLayout match(Path model, List<TensorSpec> inputs, List<TensorSpec> outputs, String precision,
      int batchIfOpen) throws EngineException {
    Optional<TensorSpec> input = findInput(inputs);
    Optional<Match> found = input.flatMap(in -> {
      long batch = in.dim(0) > 0 ? in.dim(0) : batchIfOpen;
      return matchRaw(outputs, batch).or(() -> matchFlat(outputs)).or(() -> matchBatch(outputs, batch));
    });
    if (found.isEmpty()) {
      throw new EngineException(refusal(model, inputs, outputs, input.isPresent()));
    }
    TensorSpec in = input.get();
    Match match = found.get();
    int batch = Math.toIntExact(in.dim(0) > 0 ? in.dim(0) : batchIfOpen);
    InputType inputType = in.type() == ElementType.UINT8 ? InputType.UINT8 : InputType.FLOAT32;
    ModelContract contract = new ModelContract(modelName(model), inputType, batch, Math.toIntExact(in.dim(2)),
        Math.toIntExact(in.dim(3)), match.format, match.numClasses, precision);
    return new ModelLayout(contract, in, match.ordered);
  }

  /** {@code models/yolo_nas_s.onnx} → {@code yolo_nas_s}. */
  public static String modelName(Path model) {
    String file = model.getFileName().toString();
    return file.toLowerCase(java.util.Locale.ROOT).endsWith(".onnx") ? file.substring(0, file.length() - 5) : file;
  }

  static String refusal(Path model, List<TensorSpec> inputs, List<TensorSpec> outputs, boolean inputFits) {
    String expected = inputFits ? EXPECTED_OUTPUTS : EXPECTED_INPUT + " and outputs " + EXPECTED_OUTPUTS;
    return "model " + model + " fits no YOLO-NAS contract: inputs " + list(inputs) + ", outputs " + list(outputs)
        + "; expected " + expected;
  }

  private static String list(List<TensorSpec> specs) {
    return specs.stream().map(TensorSpec::toString).collect(Collectors.joining(", ", "[", "]"));
  }

  private record Match(OutputFormat format, int numClasses, List<TensorSpec> ordered) {}

  private static Optional<TensorSpec> findInput(List<TensorSpec> inputs) {
    if (inputs.size() != 1) {
      return Optional.empty();
    }
    TensorSpec in = inputs.get(0);
    boolean fits = (in.type() == ElementType.FLOAT32 || in.type() == ElementType.UINT8) && in.rank() == 4
        && in.dim(1) == 3 && in.dim(2) > 0 && in.dim(3) > 0 && in.dim(0) != 0;
    return fits ? Optional.of(in) : Optional.empty();
  }

  private static Optional<Match> matchRaw(List<TensorSpec> outputs, long batch) {
    if (outputs.size() != 2 || !outputs.stream().allMatch(o -> o.type().isFloat() && o.rank() == 3)) {
      return Optional.empty();
    }
    // Both could end in 4 (a 4-class model): the export writes boxes first.
    TensorSpec first = outputs.get(0);
    TensorSpec second = outputs.get(1);
    TensorSpec boxes = first.dim(2) == 4 ? first : second;
    TensorSpec scores = boxes == first ? second : first;
    boolean fits = boxes.dim(2) == 4 && scores.dim(2) > 0 && same(boxes.dim(0), batch) && same(scores.dim(0), batch)
        && same(boxes.dim(1), scores.dim(1));
    return fits ? Optional.of(new Match(OutputFormat.RAW, Math.toIntExact(scores.dim(2)), List.of(boxes, scores)))
        : Optional.empty();
  }

  private static Optional<Match> matchFlat(List<TensorSpec> outputs) {
    if (outputs.size() != 1) {
      return Optional.empty();
    }
    TensorSpec table = outputs.get(0);
    boolean fits = table.type().isFloat() && table.rank() == 2 && table.dim(1) == 7;
    return fits ? Optional.of(new Match(OutputFormat.FLAT, 0, List.of(table))) : Optional.empty();
  }

  private static Optional<Match> matchBatch(List<TensorSpec> outputs, long batch) {
    if (outputs.size() != 4) {
      return Optional.empty();
    }
    TensorSpec counts = null;
    TensorSpec boxes = null;
    TensorSpec scores = null;
    TensorSpec classes = null;
    // Counts and classes are both [B,?] integers; when K is 1 they look alike and the export order
    // (num_predictions before pred_classes) tells them apart.
    List<TensorSpec> integers = new ArrayList<>();
    for (TensorSpec o : outputs) {
      if (o.type().isFloat() && o.rank() == 3 && o.dim(2) == 4) {
        boxes = boxes == null ? o : boxes;
      } else if (o.type().isFloat() && o.rank() == 2) {
        scores = scores == null ? o : scores;
      } else if (o.type().isInteger() && o.rank() == 2) {
        integers.add(o);
      }
    }
    for (TensorSpec o : integers) {
      if (counts == null && o.dim(1) == 1) {
        counts = o;
      } else if (classes == null) {
        classes = o;
      }
    }
    if (counts == null || boxes == null || scores == null || classes == null) {
      return Optional.empty();
    }
    long k = boxes.dim(1);
    boolean fits = same(counts.dim(0), batch) && same(boxes.dim(0), batch) && same(scores.dim(0), batch)
        && same(classes.dim(0), batch) && same(scores.dim(1), k) && same(classes.dim(1), k);
    return fits ? Optional.of(new Match(OutputFormat.BATCH, 0, List.of(counts, boxes, scores, classes)))
        : Optional.empty();
  }

  /** Two dimensions agree when equal or when either is open. */
  private static boolean same(long a, long b) {
    return a < 0 || b < 0 || a == b;
  }
}
