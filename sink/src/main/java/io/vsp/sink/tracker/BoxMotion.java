package io.vsp.sink.tracker;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;

/**
 * A constant-velocity model of one track's box (centre, width, height and their speeds, in frame fractions per
 * second of capture time), kept by an alpha-beta filter: the light cousin of the Kalman filter SORT and
 * ByteTrack use. It predicts where the box is at a frame's capture time, so an object moving a box width
 * between two frames at 5 fps still overlaps its prediction.
 *
 * <p>Mutable; part of the stored state, so it reads only the capture times it is given. Its numbers are held
 * at float precision (far finer than a pixel) so the store keeps them in 4 bytes each, exactly.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
    isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
final class BoxMotion {
  /** Share of the residual taken into position and size: detections are precise, so trust them mostly. */
  static final double ALPHA = 0.7;
  /** Share of the residual (per second) taken into the speeds: damps jitter of the detector's boxes. */
  static final double BETA = 0.3;
  /** A predicted size stays within this factor of the last one, so a noisy size speed cannot blow it up. */
  private static final double MAX_SIZE_FACTOR = 2;

  private double cx;
  private double cy;
  private double w;
  private double h;
  private double vx;
  private double vy;
  private double vw;
  private double vh;
  private long ts; // capture time of the newest update, epoch µs
  private int updates;

  private BoxMotion() {} // for JSON

  /** A box seen once, at capture time {@code ts} (epoch µs): no speed yet. */
  static BoxMotion at(double[] box, long ts) {
    BoxMotion motion = new BoxMotion();
    motion.cx = (box[0] + box[2]) / 2;
    motion.cy = (box[1] + box[3]) / 2;
    motion.w = box[2] - box[0];
    motion.h = box[3] - box[1];
    motion.ts = ts;
    motion.updates = 1;
    motion.quantize();
    return motion;
  }

  /** A motion as {@link #numbers()} gave it, with its newest update time and update count. */
  static BoxMotion of(float[] numbers, long ts, int updates) {
    BoxMotion motion = new BoxMotion();
    motion.cx = numbers[0];
    motion.cy = numbers[1];
    motion.w = numbers[2];
    motion.h = numbers[3];
    motion.vx = numbers[4];
    motion.vy = numbers[5];
    motion.vw = numbers[6];
    motion.vh = numbers[7];
    motion.ts = ts;
    motion.updates = updates;
    return motion;
  }

  /** Centre, size and their speeds: what the store keeps. */
  float[] numbers() {
    return new float[] {(float) cx, (float) cy, (float) w, (float) h, (float) vx, (float) vy, (float) vw,
        (float) vh};
  }

  long ts() {
    return ts;
  }

  int updates() {
    return updates;
  }

  /** Rounds every number to float precision: what the store can hold exactly. */
  void quantize() {
    cx = (float) cx;
    cy = (float) cy;
    w = (float) w;
    h = (float) h;
    vx = (float) vx;
    vy = (float) vy;
    vw = (float) vw;
    vh = (float) vh;
  }

  /** Whether two updates at different times have given the box a speed. */
  boolean hasVelocity() {
    return updates >= 2;
  }

  /** The box, x1 y1 x2 y2, expected at capture time {@code at} (before or after the newest update). */
  double[] predict(long at) {
    double dt = seconds(at - ts);
    double px = cx + vx * dt;
    double py = cy + vy * dt;
    double pw = clampSize(w + vw * dt, w);
    double ph = clampSize(h + vh * dt, h);
    return new double[] {px - pw / 2, py - ph / 2, px + pw / 2, py + ph / 2};
  }

  /** Takes in a matched box seen at capture time {@code at}. */
  void update(double[] box, long at) {
    double zx = (box[0] + box[2]) / 2;
    double zy = (box[1] + box[3]) / 2;
    double zw = box[2] - box[0];
    double zh = box[3] - box[1];
    double dt = seconds(at - ts);
    if (dt <= 0) {
      // a late (or same-time) frame tells where the box was, not how fast it goes: nudge, keep speeds and time
      cx += ALPHA * (zx - cx);
      cy += ALPHA * (zy - cy);
      w += ALPHA * (zw - w);
      h += ALPHA * (zh - h);
      quantize();
      return;
    }
    if (!hasVelocity()) {
      // the second sighting gives the first speed estimate outright; sizes start still (they jitter most)
      vx = (zx - cx) / dt;
      vy = (zy - cy) / dt;
      cx = zx;
      cy = zy;
      w = zw;
      h = zh;
    } else {
      double px = cx + vx * dt;
      double py = cy + vy * dt;
      double pw = clampSize(w + vw * dt, w);
      double ph = clampSize(h + vh * dt, h);
      vx += BETA * (zx - px) / dt;
      vy += BETA * (zy - py) / dt;
      vw += BETA * (zw - pw) / dt;
      vh += BETA * (zh - ph) / dt;
      cx = px + ALPHA * (zx - px);
      cy = py + ALPHA * (zy - py);
      w = pw + ALPHA * (zw - pw);
      h = ph + ALPHA * (zh - ph);
    }
    ts = at;
    updates++;
    quantize();
  }

  /**
   * Takes in a box seen at capture time {@code at} that tells roughly where the object is but not how fast it
   * goes (a low-scoring detection: as likely a stray box as the object): moves the prediction at {@code at}
   * towards it and keeps the speeds, so one stray box cannot send the track off course for the frames after.
   */
  void nudge(double[] box, long at) {
    if (at <= ts) {
      update(box, at); // a late frame is a nudge already
      return;
    }
    double[] predicted = predict(at);
    double dt = seconds(at - ts);
    w = clampSize(w + vw * dt, w);
    h = clampSize(h + vh * dt, h);
    cx = (predicted[0] + predicted[2]) / 2;
    cy = (predicted[1] + predicted[3]) / 2;
    cx += ALPHA * ((box[0] + box[2]) / 2 - cx);
    cy += ALPHA * ((box[1] + box[3]) / 2 - cy);
    w += ALPHA * (box[2] - box[0] - w);
    h += ALPHA * (box[3] - box[1] - h);
    ts = at;
    quantize();
  }

  private static double clampSize(double size, double current) {
    return Math.max(current / MAX_SIZE_FACTOR, Math.min(current * MAX_SIZE_FACTOR, size));
  }

  private static double seconds(long micros) {
    return micros / 1e6;
  }
}
