package io.vsp.sink.tracker;

import io.vsp.common.wire.Event;
import io.vsp.common.wire.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compact binary encoding of {@link TrackStore}'s entries: varints, times as µs deltas, scores and boxes
 * (rounded to 4 decimals in [0, 1] by {@link Track}) as 16-bit ten-thousandths, motion numbers as floats.
 * Every value decodes to exactly what was encoded, so a restored state sends the same events. A value that
 * does not decode throws {@link IllegalArgumentException}.
 */
final class StateCodec {
  /**
   * First byte of a header entry of this layout; a v1 state (JSON) starts with '{'. Layout 2 kept every path
   * point in the store's path entries; layout 3 keeps a track's unsealed points in its motion entry.
   */
  static final byte LAYOUT = 3;
  static final byte LAYOUT_2 = 2;
  private static final double SCALE = 10_000;

  private StateCodec() {}

  /** The camera's header with {@code clock} (see {@link TrackStore}: not always the state's own). */
  static byte[] header(CameraTracks state, Long clock) {
    Out out = new Out();
    out.u8(LAYOUT);
    out.u8(clock == null ? 0 : 1);
    if (clock != null) {
      out.fixed(clock);
    }
    out.varlong(state.lastTrack());
    out.varlong(state.births());
    return out.toBytes();
  }

  record Header(int layout, Long clock, long lastTrack, long births) {}

  static Header header(byte[] value) {
    In in = new In(value);
    int layout = in.u8();
    if (layout != LAYOUT && layout != LAYOUT_2) {
      throw new IllegalArgumentException("tracker state header of layout " + layout + ", not " + LAYOUT_2 + " or "
          + LAYOUT);
    }
    Long clock = in.u8() == 1 ? in.fixed() : null;
    return in.done(new Header(layout, clock, in.varlong(), in.varlong()));
  }

  /** What changes seldom: id, number, first time, top score, best detection, last sent record. */
  static byte[] about(Track track) {
    Out out = new Out();
    out.string(track.id());
    out.varlong(track.number());
    out.fixed(track.firstTs());
    out.fixed(Double.doubleToLongBits(track.topScore()));
    Event.Best best = track.best();
    out.u8(best == null ? 0 : 1);
    if (best != null) {
      out.zigzag(Json.parseMicros(best.ts()) - track.firstTs());
      out.unit(best.score());
      out.box(best.box());
      out.varlong(best.partition());
      out.varlong(best.offset());
    }
    Track.Sent sent = track.sent();
    out.u8(sent == null ? 0 : 1);
    if (sent != null) {
      out.string(sent.label());
      out.strings(sent.zones());
      out.unit(sent.topScore());
      out.box(sent.box());
      out.zigzag(sent.ts() - track.firstTs());
    }
    return out.toBytes();
  }

  /**
   * What a matched detection changes: hits, motion, scores, labels, box, zones, last time, and the path: how
   * many points its sealed entries hold and the points after them (fewer than {@link TrackStore#PATH_CHUNK}).
   */
  static byte[] motion(Track track, OpenPath open) {
    Out out = new Out();
    out.varlong(track.hits());
    for (float number : track.motion().numbers()) {
      out.fixed32(Float.floatToIntBits(number));
    }
    out.zigzag(track.lastTs() - track.motion().ts());
    out.varlong(track.motion().updates());
    out.varlong(track.scores().size());
    track.scores().forEach(out::unit);
    out.varlong(track.labelScores().size());
    track.labelScores().forEach((label, sum) -> {
      out.string(label);
      out.fixed(Double.doubleToLongBits(sum));
    });
    out.unit(track.score());
    out.box(track.box());
    out.strings(track.zones());
    out.zigzag(track.lastTs() - track.firstTs());
    out.varlong(track.pathBase());
    open.catchUp(track);
    out.varlong(track.freshPath().size());
    out.append(open.points);
    return out.toBytes();
  }

  /**
   * A track's unsealed path points as encoded so far, kept between saves: a point is encoded once, when it
   * arrives, rather than on every save until its entry is sealed.
   */
  static final class OpenPath {
    private final Out points = new Out();
    private int count;
    private int base = -1;

    private void catchUp(Track track) {
      List<Event.PathPoint> fresh = track.freshPath();
      if (base != track.pathBase() || count > fresh.size()) { // sealed since: start over from the new base
        points.size = 0;
        count = 0;
        base = track.pathBase();
      }
      for (; count < fresh.size(); count++) {
        point(points, fresh.get(count), track.firstTs());
      }
    }
  }

  /**
   * A track from its entries, the motion entry as {@code layout} wrote it: layout 2 counted all the path's
   * points there and kept every one of them in path entries.
   */
  static Track track(long seq, byte[] about, byte[] motion, int layout) {
    In a = new In(about);
    String id = a.string();
    long number = a.varlong();
    long firstTs = a.fixed();
    double topScore = Double.longBitsToDouble(a.fixed());
    Event.Best best = null;
    if (a.u8() == 1) {
      String ts = Json.timestampMicros(firstTs + a.zigzag());
      best = new Event.Best(ts, a.unit(), a.box(), (int) a.varlong(), a.varlong());
    }
    Track.Sent sent = null;
    if (a.u8() == 1) {
      String label = a.string();
      List<String> zones = a.strings();
      double top = a.unit();
      double[] box = a.box();
      sent = new Track.Sent(label, zones, top, box, firstTs + a.zigzag());
    }
    a.done(null);

    In m = new In(motion);
    int hits = (int) m.varlong();
    float[] numbers = new float[8];
    for (int i = 0; i < numbers.length; i++) {
      numbers[i] = Float.intBitsToFloat(m.fixed32());
    }
    long sinceMotion = m.zigzag();
    int updates = (int) m.varlong();
    int scoreCount = m.count(Track.SCORE_WINDOW);
    List<Double> scores = new ArrayList<>(scoreCount);
    for (int i = 0; i < scoreCount; i++) {
      scores.add(m.unit());
    }
    int labelCount = m.count(Track.MAX_LABELS);
    Map<String, Double> labels = new LinkedHashMap<>();
    for (int i = 0; i < labelCount; i++) {
      labels.put(m.string(), Double.longBitsToDouble(m.fixed()));
    }
    double score = m.unit();
    double[] box = m.box();
    List<String> zones = m.strings();
    long lastTs = firstTs + m.zigzag();
    int pathBase = m.count(Track.MAX_PATH);
    List<Event.PathPoint> open = layout == LAYOUT_2 ? List.of() : points(m, firstTs);
    m.done(null);
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("stored track " + id + " has no label");
    }
    BoxMotion boxMotion = BoxMotion.of(numbers, lastTs - sinceMotion, updates);
    return Track.decoded(seq, id, number, hits, boxMotion, scores, labels, score, box, zones, firstTs, lastTs,
        topScore, best, pathBase, open, sent);
  }

  /** Path points of a track first seen at {@code firstTs}: a path entry. */
  static byte[] points(List<Event.PathPoint> points, long firstTs) {
    Out out = new Out();
    points(out, points, firstTs);
    return out.toBytes();
  }

  private static void points(Out out, List<Event.PathPoint> points, long firstTs) {
    out.varlong(points.size());
    for (Event.PathPoint point : points) {
      point(out, point, firstTs);
    }
  }

  private static void point(Out out, Event.PathPoint point, long firstTs) {
    out.zigzag(Json.parseMicros(point.ts()) - firstTs);
    out.box(point.box());
    out.unit(point.score());
  }

  static List<Event.PathPoint> points(byte[] value, long firstTs) {
    In in = new In(value);
    return in.done(points(in, firstTs));
  }

  /** At most {@link TrackStore#MAX_ENTRY_POINTS}: layout 2 sealed entries of 32 points. */
  private static List<Event.PathPoint> points(In in, long firstTs) {
    int n = in.count(TrackStore.MAX_ENTRY_POINTS);
    List<Event.PathPoint> points = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String ts = Json.timestampMicros(firstTs + in.zigzag());
      points.add(new Event.PathPoint(ts, in.box(), in.unit()));
    }
    return points;
  }

  /** A growing byte array: {@code ByteArrayOutputStream} locks on every byte, and this writes a byte at a time. */
  private static final class Out {
    private byte[] bytes = new byte[128];
    private int size;

    void u8(int b) {
      if (size == bytes.length) {
        bytes = Arrays.copyOf(bytes, size * 2);
      }
      bytes[size++] = (byte) b;
    }

    byte[] toBytes() {
      return Arrays.copyOf(bytes, size);
    }

    void append(Out other) {
      if (size + other.size > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + other.size));
      }
      System.arraycopy(other.bytes, 0, bytes, size, other.size);
      size += other.size;
    }

    void varlong(long value) {
      if (value < 0) {
        throw new IllegalStateException("negative count " + value + " in tracker state");
      }
      while ((value & ~0x7FL) != 0) {
        u8((int) (value & 0x7F) | 0x80);
        value >>>= 7;
      }
      u8((int) value);
    }

    void zigzag(long value) {
      long z = (value << 1) ^ (value >> 63);
      while ((z & ~0x7FL) != 0) {
        u8((int) (z & 0x7F) | 0x80);
        z >>>= 7;
      }
      u8((int) z);
    }

    void fixed(long value) {
      for (int shift = 56; shift >= 0; shift -= 8) {
        u8((int) (value >>> shift));
      }
    }

    void fixed32(int value) {
      for (int shift = 24; shift >= 0; shift -= 8) {
        u8(value >>> shift);
      }
    }

    /** A value of [0, 1] with 4 decimals, as two bytes. */
    void unit(double value) {
      long k = Math.round(value * SCALE);
      if (k < 0 || k > SCALE || k / SCALE != value) {
        throw new IllegalStateException("tracker state value " + value + " is not a rounded fraction");
      }
      u8((int) (k >>> 8));
      u8((int) k);
    }

    void box(double[] box) {
      for (double edge : box) {
        unit(edge);
      }
    }

    void string(String value) {
      if (value == null) {
        u8(0);
        return;
      }
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      varlong(utf8.length + 1L);
      for (byte b : utf8) {
        u8(b);
      }
    }

    void strings(List<String> values) {
      varlong(values.size());
      values.forEach(this::string);
    }
  }

  private static final class In {
    private final byte[] bytes;
    private int at;

    In(byte[] bytes) {
      this.bytes = bytes;
    }

    int u8() {
      if (at >= bytes.length) {
        throw new IllegalArgumentException("tracker state value ends early (" + bytes.length + " bytes)");
      }
      return bytes[at++] & 0xFF;
    }

    long varlong() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = u8();
        value |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
      throw new IllegalArgumentException("tracker state value has an overlong number");
    }

    long zigzag() {
      long z = varlong();
      return (z >>> 1) ^ -(z & 1);
    }

    /** A count of at most {@code max} items. */
    int count(int max) {
      long n = varlong();
      if (n > max) {
        throw new IllegalArgumentException("tracker state value counts " + n + " items, more than " + max);
      }
      return (int) n;
    }

    long fixed() {
      long value = 0;
      for (int i = 0; i < 8; i++) {
        value = value << 8 | u8();
      }
      return value;
    }

    int fixed32() {
      int value = 0;
      for (int i = 0; i < 4; i++) {
        value = value << 8 | u8();
      }
      return value;
    }

    double unit() {
      int k = u8() << 8 | u8();
      if (k > SCALE) {
        throw new IllegalArgumentException("tracker state fraction " + k + " is above " + (long) SCALE);
      }
      return k / SCALE;
    }

    double[] box() {
      return new double[] {unit(), unit(), unit(), unit()};
    }

    String string() {
      long n = varlong();
      if (n == 0) {
        return null;
      }
      if (n - 1 > bytes.length - at) {
        throw new IllegalArgumentException("tracker state string of " + (n - 1) + " bytes overruns its value");
      }
      String value = new String(bytes, at, (int) (n - 1), StandardCharsets.UTF_8);
      at += (int) (n - 1);
      return value;
    }

    List<String> strings() {
      int n = count(bytes.length);
      List<String> values = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        String value = string();
        if (value == null) {
          throw new IllegalArgumentException("tracker state list holds a null");
        }
        values.add(value);
      }
      return List.copyOf(values);
    }

    <T> T done(T result) {
      if (at != bytes.length) {
        throw new IllegalArgumentException("tracker state value has " + (bytes.length - at) + " bytes too many");
      }
      return result;
    }
  }
}
