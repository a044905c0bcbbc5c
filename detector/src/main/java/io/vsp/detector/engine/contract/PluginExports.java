package io.vsp.detector.engine.contract;

import io.vsp.detector.engine.EngineException;
import io.vsp.detector.engine.OutputFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Exports whose graph ends in a TensorRT plugin, such as super-gradients' TensorRT export with
 * {@code EfficientNMS_TRT}. That plugin's four outputs — {@code num_detections [B,1] int32},
 * {@code detection_boxes [B,K,4]} (always x1,y1,x2,y2, whatever its {@code box_coding}),
 * {@code detection_scores [B,K]}, {@code detection_classes [B,K] int32} — are the {@code batch} format
 * when they are the graph's outputs; they are then read in the plugin's order rather than guessed from
 * shapes. Any other plugin, or a plugin whose outputs are not the graph's, is refused with what was
 * found. Only TensorRT runs plugins: ONNX Runtime refuses such a model up front.
 */
public final class PluginExports {
  public static final String EFFICIENT_NMS = "EfficientNMS_TRT";
  static final String PLUGIN_OUTPUTS = "num_detections [B,1], detection_boxes [B,K,4], detection_scores [B,K],"
      + " detection_classes [B,K]";

  private PluginExports() {}

  /**
   * The layout TensorRT uses for {@code layout}'s model given its plugin nodes: unchanged without
   * plugins, the outputs in {@code EfficientNMS_TRT}'s order when it produces the batch outputs.
   *
   * @throws EngineException naming the model, the plugins and why they do not fit
   */
  public static ModelLayout forTensorRt(Path model, ModelLayout layout, List<PluginNode> plugins)
      throws EngineException {
    if (plugins.isEmpty()) {
      return layout;
    }
    List<String> unsupported = plugins.stream().map(PluginNode::opType).filter(op -> !op.equals(EFFICIENT_NMS))
        .distinct().toList();
    if (!unsupported.isEmpty()) {
      throw new EngineException("model " + model + " uses TensorRT plugin(s) " + unsupported
          + " that VSP cannot read the outputs of; supported: " + EFFICIENT_NMS + " with its outputs as the"
          + " graph's (" + PLUGIN_OUTPUTS + ")");
    }
    if (plugins.size() > 1) {
      throw new EngineException("model " + model + " has " + plugins.size() + " " + EFFICIENT_NMS
          + " nodes; VSP reads one, whose outputs are the graph's");
    }
    PluginNode nms = plugins.get(0);
    Optional<List<TensorSpec>> ordered = pluginOrder(layout, nms);
    if (layout.contract().format() != OutputFormat.BATCH || ordered.isEmpty()) {
      throw new EngineException("model " + model + " ends in " + EFFICIENT_NMS + " but its outputs "
          + layout.outputs().stream().map(TensorSpec::toString).collect(Collectors.joining(", ", "[", "]"))
          + " are not the plugin's " + nms.outputs() + " (" + PLUGIN_OUTPUTS + "), which VSP reads as the"
          + " batch format: export with the plugin's outputs as the graph outputs");
    }
    return new ModelLayout(layout.contract(), layout.input(), ordered.get());
  }

  /** The layout's outputs in the plugin's output order, if they are exactly the plugin's four outputs. */
  private static Optional<List<TensorSpec>> pluginOrder(ModelLayout layout, PluginNode nms) {
    if (nms.outputs().size() != 4 || layout.outputs().size() != 4) {
      return Optional.empty();
    }
    List<TensorSpec> ordered = new ArrayList<>();
    for (String name : nms.outputs()) {
      layout.outputs().stream().filter(o -> o.name().equals(name)).findFirst().ifPresent(ordered::add);
    }
    if (ordered.size() != 4) {
      return Optional.empty();
    }
    // The plugin's roles: counts [B,1] integer, boxes [B,K,4] float, scores [B,K] float, classes [B,K] integer.
    TensorSpec counts = ordered.get(0);
    TensorSpec boxes = ordered.get(1);
    TensorSpec scores = ordered.get(2);
    TensorSpec classes = ordered.get(3);
    boolean fits = counts.type().isInteger() && counts.rank() == 2 && counts.dim(1) == 1
        && boxes.type().isFloat() && boxes.rank() == 3 && boxes.dim(2) == 4
        && scores.type().isFloat() && scores.rank() == 2 && classes.type().isInteger() && classes.rank() == 2;
    return fits ? Optional.of(ordered) : Optional.empty();
  }

  /** ONNX Runtime has no TensorRT plugins: refuses such a model with what to do instead. */
  public static void refuseOnOnnxRuntime(Path model, List<PluginNode> plugins) throws EngineException {
    if (!plugins.isEmpty()) {
      throw new EngineException("model " + model + " contains TensorRT plugin(s) "
          + plugins.stream().map(PluginNode::opType).distinct().toList() + ", which only the TensorRT engine"
          + " runs: set detector.engine: tensorrt, or export the model with ONNX NonMaxSuppression (the"
          + " super-gradients ONNX Runtime export)");
    }
  }
}
