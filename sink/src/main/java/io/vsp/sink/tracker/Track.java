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
 * detection, path) and what its last sent event said. Mutable; part of {@link CameraTracks}, stored by
 * {@link TrackStore} (the JSON field names are those of the v1 store layout, still read on migration).
 * Times are capture times in epoch µs. Scores and boxes are kept as rounded as the records show them
 * ({@link TrackEvents#round}), so the compact store encoding holds them exactly.
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
  /** Labels a track counts at most (a label first seen after them does not vote): bounds its state. */
  static final int MAX_LABELS = 8;

  /** What the last {@code start} or {@code update} said: the base of the next update's change test. */
  record Sent(String label, List<String> zones, double topScore, double[] box, long ts) {}

  private String id; // null until a frame hands it one (see Tracker#claimIds)
  private long seq; // birth order among the camera's tracks: names its store entries
  private long number; // 0 until confirmed
  private int hits;
  private BoxMotion motion;
  private List<Double> scores; // the latest SCORE_WINDOW matched scores, rounded; emptied once confirmed
  private Map<String, Double> labelScores; // summed score per label, in order of first sight
  private double score;
  private double[] box;
  private List<String> zones;
  private long firstTs;
  private long lastTs;
  private double topScore;
  private Event.Best best;
  private int pathBase; // the first pathBase points of the path are in sealed path entries, not in path
  private List<Event.PathPoint> path; // the points after pathBase (TrackStore keeps them in the motion entry)
  private Sent sent;
  private transient TrackStore.Memo storeMemo; // the store's keys and last encoded entry of this track

  private Track() {} // for JSON and TrackStore

  /**
   * A new track from its first detection, seen in frames record {@code partition}/{@code offset}; {@code seq}
   * is its camera's next birth number.
   */
  static Track born(long seq, DetectedBox detection, List<String> zones, long ts, int partition, long offset) {
    Track track = new Track();
    track.seq = seq;
    track.motion = BoxMotion.at(detection.box(), ts);
    track.scores = new ArrayList<>();
    track.labelScores = new LinkedHashMap<>();
    track.path = new ArrayList<>();
    track.firstTs = ts;
    track.lastTs = ts;
    track.record(detection, zones, ts, partition, offset, Long.MAX_VALUE);
    return track;
  }

  /**
   * Takes in a matched detection; path points after {@code pathUntil} (epoch µs) are not kept. A
   * {@code lowScore} one (the tracker's second pass) moves the box but not its speeds.
   */
  void hit(DetectedBox detection, List<String> zones, long ts, int partition, long offset, long pathUntil,
      boolean lowScore) {
    if (lowScore) {
      motion.nudge(detection.box(), ts);
    } else {
      motion.update(detection.box(), ts);
    }
    record(detection, zones, ts, partition, offset, pathUntil);
  }

  private void record(DetectedBox detection, List<String> zones, long ts, int partition, long offset,
      long pathUntil) {
    hits++;
    score = TrackEvents.round(detection.score());
    if (!confirmed()) { // the median decides confirmation only
      scores.add(score);
      if (scores.size() > SCORE_WINDOW) {
        scores.remove(0);
      }
    }
    if (labelScores.size() < MAX_LABELS || labelScores.containsKey(detection.label())) {
      labelScores.merge(detection.label(), detection.score(), Double::sum);
    }
    box = TrackEvents.box(detection.box());
    this.zones = List.copyOf(zones);
    lastTs = Math.max(lastTs, ts);
    String when = Json.timestampMicros(ts);
    if (best == null || detection.score() > topScore) {
      topScore = detection.score();
      best = new Event.Best(when, TrackEvents.round(topScore), box, partition, offset);
    }
    if (ts <= pathUntil && pathSize() < MAX_PATH) {
      path.add(new Event.PathPoint(when, box, score));
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
    scores.clear(); // no longer asked: keeps a confirmed track's stored entry small
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

  long seq() {
    return seq;
  }

  /** Points of the path in all: those in the store and those added since it was loaded. */
  int pathSize() {
    return pathBase + path.size();
  }

  /** Points before this index are in sealed path entries (see {@link CameraTracks#pathOf}). */
  int pathBase() {
    return pathBase;
  }

  /** The path's points from {@link #pathBase()} on, in the order seen. */
  List<Event.PathPoint> freshPath() {
    return path;
  }

  /** The first {@code n} fresh points are now in a sealed path entry. */
  void pathSealed(int n) {
    pathBase += n;
    path.subList(0, n).clear();
  }

  List<Double> scores() {
    return scores;
  }

  Map<String, Double> labelScores() {
    return labelScores;
  }

  /**
   * A track read from the v1 layout (one JSON value per camera), made what this version would have made of
   * the same input: numbered {@code seq}, scores and boxes rounded, motion as stored.
   */
  void migrate(long birth) {
    seq = birth;
    score = TrackEvents.round(score);
    box = TrackEvents.box(box);
    scores = confirmed() ? new ArrayList<>() : new ArrayList<>(scores.stream().map(TrackEvents::round).toList());
    labelScores = labelScores == null ? new LinkedHashMap<>() : new LinkedHashMap<>(labelScores);
    path = path == null ? new ArrayList<>() : new ArrayList<>(path);
    zones = zones == null ? List.of() : zones;
    motion.quantize();
  }

  /** The fields as {@link TrackStore} decodes them. */
  static Track decoded(long seq, String id, long number, int hits, BoxMotion motion, List<Double> scores,
      Map<String, Double> labelScores, double score, double[] box, List<String> zones, long firstTs, long lastTs,
      double topScore, Event.Best best, int pathBase, List<Event.PathPoint> openPath, Sent sent) {
    Track track = new Track();
    track.seq = seq;
    track.id = id;
    track.number = number;
    track.hits = hits;
    track.motion = motion;
    track.scores = scores;
    track.labelScores = labelScores;
    track.score = score;
    track.box = box;
    track.zones = zones;
    track.firstTs = firstTs;
    track.lastTs = lastTs;
    track.topScore = topScore;
    track.best = best;
    track.pathBase = pathBase;
    track.path = new ArrayList<>(openPath);
    track.sent = sent;
    return track;
  }

  Sent sent() {
    return sent;
  }

  TrackStore.Memo storeMemo() {
    return storeMemo;
  }

  void storeMemo(TrackStore.Memo memo) {
    storeMemo = memo;
  }
}
