package io.vsp.sink.tracker;

import java.util.List;

/**
 * A zone or mask outline in frame fractions (0..1), as written in a camera's config; answers whether a point
 * lies inside by ray casting (even-odd), so self-intersecting outlines behave predictably too.
 */
record Polygon(double[] xs, double[] ys) {

  Polygon {
    if (xs.length != ys.length || xs.length < 3) {
      throw new IllegalArgumentException("a polygon needs at least 3 [x, y] points (got " + xs.length + ")");
    }
  }

  /** The polygon of config points {@code [[x, y], ...]} (checked by {@code CameraConfig}). */
  static Polygon of(List<List<Double>> points) {
    double[] xs = new double[points.size()];
    double[] ys = new double[points.size()];
    for (int i = 0; i < points.size(); i++) {
      xs[i] = points.get(i).get(0);
      ys[i] = points.get(i).get(1);
    }
    return new Polygon(xs, ys);
  }

  /** Even-odd rule: a ray to the right of the point crosses the outline an odd number of times. */
  boolean contains(double x, double y) {
    boolean inside = false;
    for (int i = 0, j = xs.length - 1; i < xs.length; j = i++) {
      boolean straddles = (ys[i] > y) != (ys[j] > y);
      if (straddles && x < xs[j] + (y - ys[j]) * (xs[i] - xs[j]) / (ys[i] - ys[j])) {
        inside = !inside;
      }
    }
    return inside;
  }
}
