package io.vsp.detector.synth;

/** Which generated model {@code vsp model synth} writes (SPEC §8). */
public enum ModelKind {
  /** Finds solid rectangles of the {@link Palette} colours; deterministic answers for tests and the demo. */
  SYNTHETIC,
  /** Random weights with the compute of a YOLO-NAS S-class network; for throughput only. */
  BENCH,
  /** Raw YOLO-NAS output shapes at next to no compute; for measuring the detector's host side. */
  HOST
}
