package io.vsp.detector.engine;

/**
 * The three output layouts of a super-gradients YOLO-NAS export (SPEC §8), told apart by the outputs'
 * shapes and types because their names change between exports.
 */
public enum OutputFormat {
  /** No NMS in the graph: boxes {@code [B,N,4]} x1y1x2y2 in input pixels and scores {@code [B,N,C]}. */
  RAW,
  /** NMS in the graph, one {@code [K,7]} table: image index, x1, y1, x2, y2, score, class. */
  FLAT,
  /** NMS in the graph, per image: counts {@code [B,1]}, boxes {@code [B,K,4]}, scores and classes {@code [B,K]}. */
  BATCH;

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
