package io.vsp.sink.tracker;

import io.vsp.common.wire.Boxes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Pairs a frame's detections with live tracks, class-agnostic: greedily by IoU of each track's predicted box
 * (best pair first), then, for tracks seen only once (no speed yet), by centre distance within a gate, so a
 * fast object's second detection still joins its track. Ties go to the older track and earlier detection, so
 * the result is a function of the input order only.
 */
final class Matcher {
  /** A once-seen track matches a detection whose centre is within this many of its box diagonals... */
  static final double GATE_DIAGONALS = 1.5;
  /** ...and whose area is within this factor of its own. */
  static final double GATE_AREA_FACTOR = 2;

  /** A live track as matching sees it: its box predicted at the frame's capture time. */
  record Candidate(double[] predicted, boolean hasVelocity) {}

  private record Pair(int track, int detection, int rank, double cost) {}

  private static final Comparator<Pair> BEST_FIRST = Comparator.comparingInt(Pair::rank)
      .thenComparingDouble(Pair::cost).thenComparingInt(Pair::track).thenComparingInt(Pair::detection);

  private Matcher() {}

  /** For each detection, the index of its track, or -1 when it matches none (a new track). */
  static int[] match(List<Candidate> tracks, List<double[]> detections, double minIou) {
    return match(tracks, detections, minIou, true);
  }

  /**
   * As {@link #match}, by IoU alone: for detections that must overlap a track's prediction to join it, such as
   * low-scoring ones (clutter near a once-seen track must not pass for its second sighting).
   */
  static int[] matchByIou(List<Candidate> tracks, List<double[]> detections, double minIou) {
    return match(tracks, detections, minIou, false);
  }

  private static int[] match(List<Candidate> tracks, List<double[]> detections, double minIou, boolean gate) {
    List<Pair> pairs = new ArrayList<>();
    for (int t = 0; t < tracks.size(); t++) {
      Candidate track = tracks.get(t);
      for (int d = 0; d < detections.size(); d++) {
        double[] box = detections.get(d);
        double overlap = Boxes.iou(track.predicted(), box);
        if (overlap >= minIou) {
          pairs.add(new Pair(t, d, 0, -overlap));
        } else if (gate && !track.hasVelocity() && withinGate(track.predicted(), box)) {
          double diagonals = centreDistance(track.predicted(), box) / Math.max(diagonal(track.predicted()), 1e-9);
          pairs.add(new Pair(t, d, 1, diagonals));
        }
      }
    }
    pairs.sort(BEST_FIRST);
    int[] trackOf = new int[detections.size()];
    Arrays.fill(trackOf, -1);
    boolean[] taken = new boolean[tracks.size()];
    for (Pair pair : pairs) {
      if (!taken[pair.track()] && trackOf[pair.detection()] < 0) {
        taken[pair.track()] = true;
        trackOf[pair.detection()] = pair.track();
      }
    }
    return trackOf;
  }

  /** Near enough (centre distance against the track's diagonal) and of a similar size. */
  static boolean withinGate(double[] track, double[] detection) {
    double areaTrack = Boxes.area(track);
    double areaDetection = Boxes.area(detection);
    boolean similarSize = areaDetection <= areaTrack * GATE_AREA_FACTOR
        && areaTrack <= areaDetection * GATE_AREA_FACTOR;
    return similarSize && centreDistance(track, detection) <= GATE_DIAGONALS * diagonal(track);
  }

  private static double diagonal(double[] box) {
    return Math.hypot(box[2] - box[0], box[3] - box[1]);
  }

  private static double centreDistance(double[] a, double[] b) {
    return Math.hypot((a[0] + a[2] - b[0] - b[2]) / 2, (a[1] + a[3] - b[1] - b[3]) / 2);
  }
}
