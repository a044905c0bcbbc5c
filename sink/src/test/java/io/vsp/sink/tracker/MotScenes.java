package io.vsp.sink.tracker;

import io.vsp.common.testkit.MotScorer;
import io.vsp.common.wire.Boxes;
import io.vsp.common.wire.Detections.DetectedBox;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generated tracking scenes at 5 fps with their ground truth and what a detector would report of them (issue
 * 13): people walking straight, crossing each other, stopping and going, hiding behind a pillar, a crowd of 40.
 * Every scene comes clean (each object found every frame, exact box, score 0.9) or noisy: box jitter, missed
 * frames, score dips (blur, pose), false detections, and occlusion — a person covered by a pillar or by a
 * person nearer the camera (lower box bottom) scores in proportion to what shows and is missed below a quarter.
 * Deterministic: each scene draws from its own seeded {@link Random}.
 */
final class MotScenes {
  /** Person size in frame fractions (about 51 × 86 px at 1280 × 720). */
  static final double W = 0.04;
  static final double H = 0.12;
  /** Score of a detection in full view, uniform in this range (noisy scenes). */
  static final double SCORE_MIN = 0.5;
  static final double SCORE_MAX = 0.95;
  /** A detection whose score dips lands in [DIP_MIN, DIP_MAX): under the old detector threshold of 0.25. */
  static final double DIP_MIN = 0.1;
  static final double DIP_MAX = 0.25;
  /** Under this share in view an object is not detected at all. */
  static final double MIN_VISIBLE = 0.25;

  /**
   * One scene.
   *
   * @param crossings pairs of objects whose true boxes overlap at some frame (each may cost one ID switch)
   * @param truth per frame, the true boxes (id = object number)
   * @param detections per frame, what the detector reports (every score ≥ 0.1, the new detector default)
   */
  record Scene(String name, boolean noisy, int crossings, List<List<MotScorer.Box>> truth,
      List<List<DetectedBox>> detections) {}

  /** How a detector errs. */
  record Noise(double jitter, double miss, double dip, double falsePerFrame, boolean occlusion) {
    static final Noise CLEAN = new Noise(0, 0, 0, 0, false);
    /** What every noisy scene has: a little jitter, some score dips, occlusion. */
    static final Noise BASE = new Noise(0.04, 0.03, 0.12, 0.1, true);

    Noise withMissAndFalse(double newMiss, double newFalse) {
      return new Noise(jitter, newMiss, dip, newFalse, occlusion);
    }

    Noise withJitter(double newJitter) {
      return new Noise(newJitter, miss, dip, falsePerFrame, occlusion);
    }
  }

  /** A person following straight legs between waypoints (frame, centre x, centre y); absent outside them. */
  record Walker(double[][] waypoints) {
    double[] boxAt(int frame) {
      if (frame < waypoints[0][0] || frame > waypoints[waypoints.length - 1][0]) {
        return null;
      }
      for (int i = 1; i < waypoints.length; i++) {
        double[] a = waypoints[i - 1];
        double[] b = waypoints[i];
        if (frame <= b[0]) {
          double t = b[0] == a[0] ? 1 : (frame - a[0]) / (b[0] - a[0]);
          double cx = a[1] + t * (b[1] - a[1]);
          double cy = a[2] + t * (b[2] - a[2]);
          return new double[] {cx - W / 2, cy - H / 2, cx + W / 2, cy + H / 2};
        }
      }
      throw new AssertionError("unreachable");
    }
  }

  private MotScenes() {}

  /** Every scene: the clean ones first, then the noisy ones. */
  static List<Scene> all() {
    return List.of(
        build("clean walk", walk(), List.of(), 150, Noise.CLEAN, 1),
        build("clean crossing", crossing(), List.of(), 150, Noise.CLEAN, 2),
        build("clean stop-and-go", stopAndGo(), List.of(), 150, Noise.CLEAN, 3),
        build("clean crowd of 40", crowd(new Random(40)), List.of(), 300, Noise.CLEAN, 4),
        build("jitter", walk(), List.of(), 150, Noise.BASE.withJitter(0.1), 11),
        build("missed and false", walk(), List.of(), 150, Noise.BASE.withMissAndFalse(0.2, 1.5), 12),
        build("occlusion behind a box", occlusion(), List.of(PILLAR), 150, Noise.BASE, 13),
        build("crossing", crossing(), List.of(), 150, Noise.BASE, 14),
        build("stop-and-go", stopAndGo(), List.of(), 150, Noise.BASE, 15),
        build("crowd of 40", crowd(new Random(40)), List.of(), 300, Noise.BASE, 16));
  }

  /** A static box in the middle of the frame (a pillar, a parked van) that people walk behind. */
  static final double[] PILLAR = {0.46, 0.2, 0.54, 0.9};

  /** Four people on their own straight paths, never near each other. */
  static List<Walker> walk() {
    return List.of(
        walker(0, 0.05, 0.2, 149, 0.95, 0.25),
        walker(10, 0.95, 0.45, 140, 0.1, 0.4),
        walker(0, 0.2, 0.9, 149, 0.3, 0.15),
        walker(20, 0.6, 0.85, 149, 0.9, 0.65));
  }

  /** Two pairs of people crossing, each pair on nearly one line (same class: only motion tells them apart). */
  static List<Walker> crossing() {
    return List.of(
        walker(0, 0.05, 0.30, 120, 0.95, 0.32),
        walker(0, 0.95, 0.34, 120, 0.05, 0.30),
        walker(20, 0.1, 0.70, 149, 0.9, 0.72),
        walker(20, 0.9, 0.74, 149, 0.1, 0.70));
  }

  /** People who walk, stand for 3 s and walk on (one pauses in another's way). */
  static List<Walker> stopAndGo() {
    return List.of(
        new Walker(new double[][] {{0, 0.05, 0.3}, {40, 0.4, 0.3}, {55, 0.4, 0.3}, {110, 0.95, 0.3}}),
        new Walker(new double[][] {{10, 0.9, 0.6}, {50, 0.55, 0.6}, {65, 0.55, 0.6}, {120, 0.1, 0.6}}),
        new Walker(new double[][] {{30, 0.5, 0.95}, {60, 0.5, 0.62}, {80, 0.5, 0.62}, {149, 0.5, 0.2}}));
  }

  /** People walking behind the pillar at walking speeds, one of them stopping there for a moment. */
  static List<Walker> occlusion() {
    return List.of(
        walker(0, 0.05, 0.5, 100, 0.95, 0.5),
        walker(20, 0.95, 0.55, 130, 0.05, 0.55),
        new Walker(new double[][] {{40, 0.1, 0.4}, {80, 0.5, 0.4}, {85, 0.5, 0.4}, {149, 0.95, 0.4}}));
  }

  /**
   * A crowd of 40 crossing a square: each enters within the first 10 s at a random edge and walks straight to a
   * random point of the opposite edge at 0.02 to 0.05 frame widths a second, a third of them standing for 2 to
   * 4 s on the way; all 40 are in view at the busiest frame, 22 on average.
   */
  static List<Walker> crowd(Random random) {
    List<Walker> crowd = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      double a = 0.05 + 0.9 * random.nextDouble();
      double b = 0.05 + 0.9 * random.nextDouble();
      boolean across = random.nextBoolean(); // left-right, else top-bottom
      boolean reverse = random.nextBoolean();
      double[] from = across ? new double[] {0.03, 0.08 + 0.84 * a} : new double[] {a, 0.08};
      double[] to = across ? new double[] {0.97, 0.08 + 0.84 * b} : new double[] {b, 0.92};
      if (reverse) {
        double[] t = from;
        from = to;
        to = t;
      }
      double perFrame = (0.02 + 0.03 * random.nextDouble()) / 5;
      double start = random.nextInt(50);
      double walk = Math.ceil(Math.hypot(to[0] - from[0], to[1] - from[1]) / perFrame);
      if (random.nextInt(3) == 0) {
        double stopAt = 0.3 + 0.4 * random.nextDouble();
        double[] mid = {from[0] + stopAt * (to[0] - from[0]), from[1] + stopAt * (to[1] - from[1])};
        double reach = start + Math.ceil(stopAt * walk);
        double leave = reach + 10 + random.nextInt(11);
        crowd.add(new Walker(new double[][] {{start, from[0], from[1]}, {reach, mid[0], mid[1]},
            {leave, mid[0], mid[1]}, {leave + walk - (reach - start), to[0], to[1]}}));
      } else {
        crowd.add(new Walker(new double[][] {{start, from[0], from[1]}, {start + walk, to[0], to[1]}}));
      }
    }
    return crowd;
  }

  private static Walker walker(int from, double x0, double y0, int to, double x1, double y1) {
    return new Walker(new double[][] {{from, x0, y0}, {to, x1, y1}});
  }

  /** Renders walkers over {@code frames} frames through a detector that errs as {@code noise} says. */
  static Scene build(String name, List<Walker> walkers, List<double[]> occluders, int frames, Noise noise,
      long seed) {
    Random random = new Random(seed);
    List<List<MotScorer.Box>> truth = new ArrayList<>();
    List<List<DetectedBox>> detections = new ArrayList<>();
    for (int n = 0; n < frames; n++) {
      List<MotScorer.Box> frameTruth = new ArrayList<>();
      List<double[]> boxes = new ArrayList<>();
      for (int i = 0; i < walkers.size(); i++) {
        double[] box = walkers.get(i).boxAt(n);
        if (box != null) {
          frameTruth.add(new MotScorer.Box(Integer.toString(i), box));
          boxes.add(box);
        }
      }
      truth.add(frameTruth);
      List<DetectedBox> found = new ArrayList<>();
      for (double[] box : boxes) {
        double visible = noise.occlusion() ? visibleShare(box, boxes, occluders) : 1;
        DetectedBox detection = detect(box, visible, noise, random);
        if (detection != null) {
          found.add(detection);
        }
      }
      int falses = poisson(noise.falsePerFrame(), random);
      for (int f = 0; f < falses; f++) {
        double x = random.nextDouble() * (1 - W);
        double y = random.nextDouble() * (1 - H);
        // clutter scores low mostly: from 0.1 up to 0.45
        found.add(person(new double[] {x, y, x + W, y + H}, DIP_MIN + 0.35 * random.nextDouble()));
      }
      detections.add(shuffled(found, random));
    }
    return new Scene(name, noise != Noise.CLEAN, crossings(truth), truth, detections);
  }

  private static DetectedBox detect(double[] box, double visible, Noise noise, Random random) {
    if (noise == Noise.CLEAN) {
      return person(box, 0.9);
    }
    if (visible < MIN_VISIBLE || random.nextDouble() < noise.miss()) {
      return null;
    }
    double score = random.nextDouble() < noise.dip()
        ? DIP_MIN + (DIP_MAX - DIP_MIN) * random.nextDouble()
        : (SCORE_MIN + (SCORE_MAX - SCORE_MIN) * random.nextDouble()) * visible;
    double w = box[2] - box[0];
    double h = box[3] - box[1];
    double[] noisy = {
        box[0] + random.nextGaussian() * noise.jitter() * w, box[1] + random.nextGaussian() * noise.jitter() * h,
        box[2] + random.nextGaussian() * noise.jitter() * w, box[3] + random.nextGaussian() * noise.jitter() * h};
    return person(clamp(noisy), Math.max(DIP_MIN, score));
  }

  /** Share of {@code box} not covered by an occluder or by a box nearer the camera (lower bottom edge). */
  static double visibleShare(double[] box, List<double[]> boxes, List<double[]> occluders) {
    List<double[]> front = new ArrayList<>(occluders);
    for (double[] other : boxes) {
      if (other != box && other[3] > box[3]) {
        front.add(other);
      }
    }
    // covered area on a 20 × 20 grid of the box: exact enough, and simple for overlapping occluders
    int covered = 0;
    int cells = 20;
    for (int i = 0; i < cells; i++) {
      for (int j = 0; j < cells; j++) {
        double x = box[0] + (i + 0.5) / cells * (box[2] - box[0]);
        double y = box[1] + (j + 0.5) / cells * (box[3] - box[1]);
        if (front.stream().anyMatch(o -> x >= o[0] && x <= o[2] && y >= o[1] && y <= o[3])) {
          covered++;
        }
      }
    }
    return 1 - (double) covered / (cells * cells);
  }

  /** Pairs of true objects whose boxes overlap in at least one frame. */
  static int crossings(List<List<MotScorer.Box>> truth) {
    java.util.Set<String> pairs = new java.util.HashSet<>();
    for (List<MotScorer.Box> frame : truth) {
      for (int a = 0; a < frame.size(); a++) {
        for (int b = a + 1; b < frame.size(); b++) {
          if (Boxes.iou(frame.get(a).box(), frame.get(b).box()) > 0) {
            String x = frame.get(a).id();
            String y = frame.get(b).id();
            pairs.add(x.compareTo(y) < 0 ? x + "/" + y : y + "/" + x);
          }
        }
      }
    }
    return pairs.size();
  }

  private static DetectedBox person(double[] box, double score) {
    return new DetectedBox("person", 0, Math.round(score * 1e4) / 1e4, box);
  }

  private static double[] clamp(double[] box) {
    double[] c = new double[4];
    for (int i = 0; i < 4; i++) {
      c[i] = Math.min(1, Math.max(0, box[i]));
    }
    return c;
  }

  /** A detector lists objects in no particular order; the tracker must not depend on it. */
  private static List<DetectedBox> shuffled(List<DetectedBox> found, Random random) {
    List<DetectedBox> list = new ArrayList<>(found);
    java.util.Collections.shuffle(list, random);
    return list;
  }

  private static int poisson(double mean, Random random) {
    double limit = Math.exp(-mean);
    double p = random.nextDouble();
    int k = 0;
    while (p > limit) {
      p *= random.nextDouble();
      k++;
    }
    return k;
  }
}
