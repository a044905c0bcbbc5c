package io.vsp.sink.clips;

import io.vsp.common.wire.Event;
import io.vsp.common.wire.Json;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

/**
 * Where a track's box is at any capture time: between two detections linearly interpolated by capture
 * time; before the first or after the last held at that detection for at most {@link #HOLD_US}; further
 * away nowhere. Detections run at {@code detect.fps} (5 by default) while the video runs at the camera's
 * rate, so most frames of a clip fall between two path points.
 */
final class BoxPath {
  /** How long the box stays on screen before the first and after the last detection. */
  static final long HOLD_US = 1_000_000;

  /** A box at one instant: x1, y1, x2, y2 fractions of the frame, and the nearest detection's score. */
  record Placed(double[] box, double score) {}

  private final long[] tsUs;
  private final double[][] boxes;
  private final double[] scores;

  private BoxPath(long[] tsUs, double[][] boxes, double[] scores) {
    this.tsUs = tsUs;
    this.boxes = boxes;
    this.scores = scores;
  }

  /** The path of {@code points}, sorted by time; a point without a readable time or a 4-number box is a broken rule. */
  static BoxPath of(List<Event.PathPoint> points) {
    Event.PathPoint[] sorted = points.toArray(Event.PathPoint[]::new);
    long[] ts = new long[sorted.length];
    for (int i = 0; i < sorted.length; i++) {
      ts[i] = micros(sorted[i].ts());
      if (sorted[i].box() == null || sorted[i].box().length != 4) {
        throw new IllegalArgumentException("path point " + i + " (" + sorted[i].ts() + ") has no x1,y1,x2,y2 box");
      }
    }
    Integer[] order = new Integer[sorted.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Long.compare(ts[a], ts[b]));
    long[] tsSorted = new long[sorted.length];
    double[][] boxes = new double[sorted.length][];
    double[] scores = new double[sorted.length];
    for (int i = 0; i < order.length; i++) {
      tsSorted[i] = ts[order[i]];
      boxes[i] = sorted[order[i]].box().clone();
      scores[i] = sorted[order[i]].score();
    }
    return new BoxPath(tsSorted, boxes, scores);
  }

  /** The box at capture time {@code t} (epoch µs), or null when none is shown then. */
  Placed at(long t) {
    int n = tsUs.length;
    if (n == 0 || t < tsUs[0] - HOLD_US || t > tsUs[n - 1] + HOLD_US) {
      return null;
    }
    if (t <= tsUs[0]) {
      return new Placed(boxes[0], scores[0]);
    }
    if (t >= tsUs[n - 1]) {
      return new Placed(boxes[n - 1], scores[n - 1]);
    }
    int found = Arrays.binarySearch(tsUs, t);
    if (found >= 0) {
      return new Placed(boxes[found], scores[found]);
    }
    int after = -found - 1;
    int before = after - 1;
    double f = (double) (t - tsUs[before]) / (tsUs[after] - tsUs[before]);
    double[] box = new double[4];
    for (int k = 0; k < 4; k++) {
      box[k] = boxes[before][k] + f * (boxes[after][k] - boxes[before][k]);
    }
    return new Placed(box, f < 0.5 ? scores[before] : scores[after]);
  }

  static long micros(String iso) {
    try {
      return Json.parseMicros(iso);
    } catch (DateTimeParseException | NullPointerException | ArithmeticException e) {
      throw new IllegalArgumentException("path point time is not an ISO-8601 instant: " + iso);
    }
  }
}
