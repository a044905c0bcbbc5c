package io.vsp.detector.synth;

/** Names of the RAW outputs; consumers find formats by shape and type, these are for people. */
final class RawNames {
  static final String BOXES = "boxes";
  static final String SCORES = "scores";

  private RawNames() {}
}
