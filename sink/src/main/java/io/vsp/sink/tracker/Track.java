package io.vsp.sink.tracker;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.vsp.common.wire.Detections.DetectedBox;
import io.vsp.common.wire.Event;
import io.vsp.common.wire.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One tracked object of a camera: what its matched detections add up to (motion, label, scores, best
 * detection, path) and what its last sent event said. Mutable; part of {@link CameraTracks}' JSON state.
 * Times are capture times in epoch µs.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
    isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
final class Track {
  /**
   * The median score is taken over the latest matches only: it bounds the state of a long unconfirmed track
   * (a parked car under minScore) and lets such a track confirm once it is seen better.
   */
  static final int SCORE_WINDOW = 100;
  /** The path carried by {@code end} stops here even within the clip's maxLength (the record stays small). */
  static final int MAX_PATH = 3000;

  /** What the last {@code start} or {@code update} said: the base of the next update's change test. */
  record Sent(String label, List<String> zones, double topScore, double[] box, long ts) {}

  private String id; // null until a frame hands it one (see Tracker#claimIds)
  private long number; // 0 until confirmed
  private int hits;
  private BoxMotion motion;
  private List<Double> scores; // the latest SCORE_WINDOW matched scores
  private Map<String, Double> labelScores; // summed score per label, in order of first sight
  private double score;
  private double[] box;
  private List<String> zones;
  private long firstTs;
  private long lastTs;
  private double topScore;
  private Event.Best best;
  private List<Event.PathPoint> path;
  private Sent sent;

  private Track() {} // for JSON

  /** A new track from its first detection, seen in frames record {@code partition}/{@code offset}. */
  static Track born(DetectedBox detection, List<String> zones, long ts, int partition, long offset) {
    Track track = new Track();
    track.motion = BoxMotion.at(detection.box(), ts);
    track.scores = new ArrayList<>();
    track.labelScores = new LinkedHashMap<>();
    track.path = new ArrayList<>();
    track.firstTs = ts;
    track.lastTs = ts;
    track.record(detection, zones, ts, partition, offset, Long.MAX_VALUE);
    return track;
  }

  /** Takes in a matched detection; path points after {@code pathUntil} (epoch µs) are not kept. */
  void hit(DetectedBox detection, List<String> zones, long ts, int partition, long offset, long pathUntil) {
    motion.update(detection.box(), ts);
    record(detection, zones, ts, partition, offset, pathUntil);
  }

  private void record(DetectedBox detection, List<String> zones, long ts, int partition, long offset,
      long pathUntil) {
    hits++;
    scores.add(detection.score());
    if (scores.size() > SCORE_WINDOW) {
      scores.remove(0);
    }
    labelScores.merge(detection.label(), detection.score(), Double::sum);
    score = detection.score();
    box = detection.box().clone();
    this.zones = List.copyOf(zones);
    lastTs = Math.max(lastTs, ts);
    double[] shown = TrackEvents.box(box);
    String when = Json.timestampMicros(ts);
    if (best == null || detection.score() > topScore) {
      topScore = detection.score();
      best = new Event.Best(when, TrackEvents.round(topScore), shown, partition, offset);
    }
    if (ts <= pathUntil && path.size() < MAX_PATH) {
      path.add(new Event.PathPoint(when, shown, TrackEvents.round(score)));
    }
  }

  /** The label with the highest summed score; the first seen wins a tie. */
  String label() {
    String top = null;
    double topSum = Double.NEGATIVE_INFINITY;
    for (Map.Entry<String, Double> entry : labelScores.entrySet()) {
      if (entry.getValue() > topSum) {
        top = entry.getKey();
        topSum = entry.getValue();
      }
    }
    return top;
  }

  double medianScore() {
    List<Double> sorted = scores.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  boolean confirmed() {
    return number > 0;
  }

  void confirm(long trackNumber) {
    number = trackNumber;
  }

  void claimId(String eventId) {
    id = eventId;
  }

  void sent(Sent what) {
    sent = what;
  }

  String id() {
    return id;
  }

  long number() {
    return number;
  }

  int hits() {
    return hits;
  }

  BoxMotion motion() {
    return motion;
  }

  double score() {
    return score;
  }

  double[] box() {
    return box;
  }

  List<String> zones() {
    return zones;
  }

  long firstTs() {
    return firstTs;
  }

  long lastTs() {
    return lastTs;
  }

  double topScore() {
    return topScore;
  }

  Event.Best best() {
    return best;
  }

  List<Event.PathPoint> path() {
    return path;
  }

  Sent sent() {
    return sent;
  }
}
