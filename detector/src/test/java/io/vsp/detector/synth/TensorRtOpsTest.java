package io.vsp.detector.synth;

import io.vsp.detector.engine.OutputFormat;

import io.vsp.detector.engine.InputType;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every generated model (each kind, format and input type) uses only operators TensorRT's ONNX parser
 * supports (the list in test resources names its source), in the default domain at opset 17, and
 * meets the parser's restrictions that the graphs could otherwise break.
 */
class TensorRtOpsTest {
  private static final int TENSORRT_TOPK_LIMIT = 3840;
  private static final Set<String> INITIALIZER_INPUTS_OF = Set.of("NonMaxSuppression", "TopK", "ReduceSum",
      "Unsqueeze", "Squeeze");

  private static Set<String> supported;
  private static List<OnnxFile> models;

  @BeforeAll
  static void readAll() throws IOException {
    try (InputStream in = TensorRtOpsTest.class.getResourceAsStream("/onnx/tensorrt-supported-ops.txt")) {
      supported = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toSet());
    }
    models = new ArrayList<>();
    for (ModelKind kind : ModelKind.values()) {
      for (OutputFormat format : OutputFormat.values()) {
        for (InputType dtype : InputType.values()) {
          if (kind == ModelKind.HOST && format != OutputFormat.RAW) {
            continue; // the host model has raw outputs only
          }
          SynthSpec spec = SynthSpec.of(kind).withFormat(format).withDtype(dtype);
          models.add(OnnxFile.read(ModelSynth.build(spec)));
        }
      }
    }
  }

  @Test
  void theListHasTheParsersCoreOperators() {
    assertThat(supported).contains("Conv", "NonMaxSuppression", "TopK", "MaxPool").doesNotContain("Unique");
  }

  @Test
  void everyOperatorOfEveryGeneratedModelIsSupportedByTensorRt() {
    Set<String> used = new TreeSet<>();
    models.forEach(m -> m.nodes().forEach(n -> used.add(n.opType())));

    assertThat(used).isSubsetOf(supported);
  }

  @Test
  void everyModelIsOpset17InTheDefaultDomain() {
    for (OnnxFile m : models) {
      assertThat(m.irVersion()).isEqualTo(OnnxEncoder.IR_VERSION);
      assertThat(m.producer()).isEqualTo("vsp");
      assertThat(m.opsets()).containsExactly(java.util.Map.entry("", 17L));
      assertThat(m.nodes()).allMatch(n -> n.domain().isEmpty());
    }
  }

  @Test
  void inputsTheParserNeedsConstantAreInitializers() {
    for (OnnxFile m : models) {
      for (OnnxFile.NodeInfo n : m.nodes()) {
        if (INITIALIZER_INPUTS_OF.contains(n.opType())) {
          // all but the data input(s): NMS takes boxes and scores, the others one data tensor
          int data = n.opType().equals("NonMaxSuppression") ? 2 : 1;
          assertThat(n.inputs().subList(data, n.inputs().size())).as(n.opType())
              .allMatch(m.initializers()::containsKey);
        }
        if (n.opType().equals("TopK")) {
          assertThat(m.int64s(n.inputs().get(1))[0]).isLessThan(TENSORRT_TOPK_LIMIT);
        }
      }
    }
  }
}
