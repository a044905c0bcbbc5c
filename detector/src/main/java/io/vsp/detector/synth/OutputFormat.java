package io.vsp.detector.synth;

/** The output layouts of super-gradients' YOLO-NAS exports (SPEC §8). */
public enum OutputFormat {
  /** No NMS: boxes {@code [B,N,4]} x1,y1,x2,y2 in input pixels and scores {@code [B,N,80]}. */
  RAW,
  /** NMS in the graph; one {@code [K,7]} float tensor: image, x1, y1, x2, y2, score, class. */
  FLAT,
  /** NMS in the graph; {@code [B,1]} counts, {@code [B,K,4]} boxes, {@code [B,K]} scores and classes. */
  BATCH
}
