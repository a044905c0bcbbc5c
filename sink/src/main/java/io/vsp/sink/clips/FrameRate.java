package io.vsp.sink.clips;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A source's frame rate as a fraction, from the median step between its presentation times (within one
 * session; B-frames reorder pts, so they are sorted first). The median ignores the odd lost or doubled
 * frame. Rates near a whole number or an NTSC rate (N×1000/1001) snap to it; one frame alone counts as 25.
 */
record FrameRate(int num, int den) {
  static final FrameRate DEFAULT = new FrameRate(25, 1);

  FrameRate {
    if (num <= 0 || den <= 0) {
      throw new IllegalArgumentException("frame rate must be positive, not " + num + "/" + den);
    }
  }

  static FrameRate of(List<VideoUnit> units) {
    List<Long> steps = new ArrayList<>();
    int from = 0;
    for (int i = 1; i <= units.size(); i++) {
      if (i == units.size() || !units.get(i).session().equals(units.get(from).session())) {
        List<Long> pts = new ArrayList<>();
        for (int k = from; k < i; k++) {
          pts.add(units.get(k).ptsUs());
        }
        Collections.sort(pts);
        for (int k = 1; k < pts.size(); k++) {
          long step = pts.get(k) - pts.get(k - 1);
          if (step > 0) {
            steps.add(step);
          }
        }
        from = i;
      }
    }
    if (steps.isEmpty()) {
      return DEFAULT;
    }
    Collections.sort(steps);
    return ofStep(steps.get(steps.size() / 2));
  }

  static FrameRate ofStep(long stepUs) {
    double fps = 1e6 / stepUs;
    long ntsc = Math.round(fps * 1.001);
    if (ntsc >= 1 && Math.abs(fps - ntsc / 1.001) < 0.0002 * fps) { // µs rounding of 1001/30000 s is ~1e-5
      return new FrameRate((int) ntsc * 1000, 1001);
    }
    long whole = Math.round(fps);
    if (whole >= 1 && Math.abs(fps - whole) < 0.005 * whole) {
      return new FrameRate((int) whole, 1);
    }
    int milli = (int) Math.max(1, Math.round(fps * 1000));
    int gcd = java.math.BigInteger.valueOf(milli).gcd(java.math.BigInteger.valueOf(1000)).intValue();
    return new FrameRate(milli / gcd, 1000 / gcd);
  }

  double fps() {
    return (double) num / den;
  }
}
