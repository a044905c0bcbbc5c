package io.vsp.bench.fleet;

import java.util.List;

/**
 * Least-squares line through (size, value) points: the per-camera slope of a cost and what the process
 * costs with no camera (the intercept). Pure arithmetic, so the report's slopes can be checked by hand.
 */
record LinearFit(double slope, double intercept) {

  /** A point of the fit: a fleet size and what was measured there. */
  record Point(double x, double y) {}

  /** The fit through at least two points with at least two different sizes. */
  static LinearFit of(List<Point> points) {
    if (points.size() < 2) {
      throw new IllegalArgumentException("a line needs at least 2 points, got " + points.size());
    }
    double n = points.size();
    double meanX = points.stream().mapToDouble(Point::x).sum() / n;
    double meanY = points.stream().mapToDouble(Point::y).sum() / n;
    double sxx = 0;
    double sxy = 0;
    for (Point p : points) {
      sxx += (p.x() - meanX) * (p.x() - meanX);
      sxy += (p.x() - meanX) * (p.y() - meanY);
    }
    if (sxx == 0) {
      throw new IllegalArgumentException("a line needs at least 2 different sizes, got only " + meanX);
    }
    double slope = sxy / sxx;
    return new LinearFit(slope, meanY - slope * meanX);
  }
}
