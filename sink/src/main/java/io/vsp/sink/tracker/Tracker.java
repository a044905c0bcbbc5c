package io.vsp.sink.tracker;

import io.vsp.common.config.CameraConfig;
import io.vsp.common.config.SinkConfig;
import io.vsp.common.logging.BurstLog;
import io.vsp.common.wire.CameraStatus;
import io.vsp.common.wire.Detections;
import io.vsp.common.wire.Detections.DetectedBox;
import io.vsp.common.wire.Event;
import io.vsp.common.wire.Json;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/**
 * Turns one camera's {@code detections} and {@code status} records into {@code events} records (SPEC §5):
 *
 * <pre>
 *  detections ─► end tracks unmatched for maxAge ─► filter (labels, masks, lowScore)
 *             ─► match high scores (predicted IoU, gate) ─► hit / new tracks
 *             ─► match low scores to the tracks left ─► hit
 *             ─► ids ─► start (minHits, median ≥ minScore) / update (1 s, changed)
 *  status offline|disabled ─► end every confirmed track
 * </pre>
 *
 * Every decision is a function of the records and the state: time is the records' capture time, never the
 * wall clock, so replaying a camera's input into a fresh state gives the same events. Thread-safe as long
 * as each state is used by one thread at a time (the processor's task).
 *
 * <p>Failure contract: a record of another camera, with an unreadable {@code ts}, or a processed one without
 * frame or with a malformed object, is a broken rule and throws {@link IllegalArgumentException} before the
 * state is touched.
 */
public final class Tracker {
  /**
   * Live tracks per camera at most: bounds what one processed frame may write to the store (each matched
   * track's entries, see {@link TrackStore}) and what a camera keeps. Objects seen while a camera is full are
   * not tracked until some of its tracks end.
   */
  static final int MAX_TRACKS = 150;
  private static final BurstLog fullLog = new BurstLog(LoggerFactory.getLogger(Tracker.class), 60_000);

  private final SinkConfig.Tracker config;
  private final SinkConfig.Clips clips;
  private final Function<String, CameraConfig> cameras;

  /**
   * @param cameras the current config of a camera id, or null when unknown (then: all labels, minScore 0.5, no
   *     zones, no masks); asked on every record, so config changes apply from the next record
   */
  public Tracker(SinkConfig.Tracker config, SinkConfig.Clips clips, Function<String, CameraConfig> cameras) {
    this.config = Objects.requireNonNull(config, "config");
    this.clips = Objects.requireNonNull(clips, "clips");
    this.cameras = Objects.requireNonNull(cameras, "cameras");
  }

  /** Applies one detections record of state's camera; mutates state; returns the events to send, in order. */
  public List<Event> onDetections(CameraTracks state, Detections detections) {
    requireCamera(state, detections.camera(), "detections");
    long ts = micros(detections.ts(), "detections");
    if (!Detections.PROCESSED.equals(detections.status())) {
      return List.of(); // stale and corrupt frames were not looked at: they say nothing about the tracks
    }
    requireReadable(detections);
    CameraRules rules = CameraRules.of(cameras.apply(state.camera()));
    long clock = state.advanceClock(ts);
    List<Event> events = new ArrayList<>();
    endLost(state, clock, ts, events);
    List<Track> matched = match(state, rules, detections, ts);
    claimIds(state.camera(), detections.frame(), state.tracks(), matched);
    startOrUpdate(state, rules, ts, events);
    return events;
  }

  /**
   * Feeds the frame's wanted detections to their tracks in two passes (ByteTrack's idea): those scoring
   * highScore or more match any live track, and the unmatched ones start new tracks; then those scoring from
   * lowScore up to highScore match the tracks still unmatched, and are otherwise dropped. A partly hidden
   * object scores low, so its track goes on through the occlusion instead of waiting out maxAge and
   * breaking in two, while low-scoring clutter never becomes a track of its own. Returns the tracks hit.
   */
  private List<Track> match(CameraTracks state, CameraRules rules, Detections detections, long ts) {
    List<DetectedBox> high = new ArrayList<>();
    List<DetectedBox> low = new ArrayList<>();
    for (DetectedBox detection : detections.objects()) {
      if (rules.accepts(detection) && detection.score() >= config.lowScore()) {
        (detection.score() >= config.highScore() ? high : low).add(detection);
      }
    }
    List<Track> tracks = state.tracks();
    List<Track> live = List.copyOf(tracks); // new tracks are appended to tracks: they take no low detections
    int[] trackOfHigh = Matcher.match(candidates(live, ts), boxes(high), config.iou());
    List<Track> matched = new ArrayList<>();
    for (int d = 0; d < high.size(); d++) {
      if (trackOfHigh[d] >= 0) {
        hit(live.get(trackOfHigh[d]), high.get(d), false, rules, detections.frame(), ts, matched);
      } else if (tracks.size() < MAX_TRACKS) {
        Detections.Frame frame = detections.frame();
        Track born = Track.born(state.nextBirth(), high.get(d), rules.zonesOf(high.get(d).box()), ts,
            frame.partition(), frame.offset());
        tracks.add(born);
        matched.add(born);
      } else {
        fullLog.warn("camera {} has {} live tracks, the most one camera keeps: new objects are not tracked "
            + "until some end", state.camera(), MAX_TRACKS);
      }
    }
    if (!low.isEmpty()) {
      List<Track> unmatched = live.stream().filter(t -> !matched.contains(t)).toList();
      int[] trackOfLow = Matcher.matchByIou(candidates(unmatched, ts), boxes(low), config.iou());
      for (int d = 0; d < low.size(); d++) {
        if (trackOfLow[d] >= 0) {
          hit(unmatched.get(trackOfLow[d]), low.get(d), true, rules, detections.frame(), ts, matched);
        }
      }
    }
    return matched;
  }

  private void hit(Track track, DetectedBox detection, boolean lowScore, CameraRules rules, Detections.Frame frame,
      long ts, List<Track> matched) {
    long pathUntil = track.firstTs() + clips.maxLength().toNanos() / 1000;
    track.hit(detection, rules.zonesOf(detection.box()), ts, frame.partition(), frame.offset(), pathUntil,
        lowScore);
    matched.add(track);
  }

  private static List<Matcher.Candidate> candidates(List<Track> tracks, long ts) {
    return tracks.stream().map(t -> new Matcher.Candidate(t.motion().predict(ts), t.motion().hasVelocity())).toList();
  }

  private static List<double[]> boxes(List<DetectedBox> detections) {
    return detections.stream().map(DetectedBox::box).toList();
  }

  /** {@code start} for tracks now confirmed, {@code update} for confirmed ones that changed, oldest first. */
  private void startOrUpdate(CameraTracks state, CameraRules rules, long ts, List<Event> events) {
    for (Track track : state.tracks()) {
      if (EventRules.confirms(track, config.minHits(), rules.minScore())) {
        track.confirm(state.nextTrackNumber());
        track.sent(TrackEvents.sent(track, ts));
        events.add(TrackEvents.start(state.camera(), track, ts));
      } else if (EventRules.updateDue(track, ts)) {
        track.sent(TrackEvents.sent(track, ts));
        events.add(TrackEvents.update(state.camera(), track, ts));
      }
    }
  }

  /**
   * A status record of state's camera: state offline or disabled ends every confirmed track (endReason offline;
   * "shutdown" when the status reason starts with "shutdown"); unconfirmed tracks are dropped silently.
   */
  public List<Event> onStatus(CameraTracks state, CameraStatus status) {
    requireCamera(state, status.camera(), "status");
    long ts = micros(status.ts(), "status");
    if (!CameraStatus.OFFLINE.equals(status.state()) && !CameraStatus.DISABLED.equals(status.state())) {
      return List.of();
    }
    String reason = status.reason().startsWith(Event.SHUTDOWN) ? Event.SHUTDOWN : Event.OFFLINE;
    return endAll(state, reason, ts);
  }

  /**
   * The camera has been silent (no {@code status}, no {@code detections}) for three heartbeats, so by SPEC §5
   * its state is unknown: its ingest died without saying so. Ends its tracks as {@code offline} at
   * {@code nowUs}, as a status record saying so would have.
   */
  public List<Event> onSilence(CameraTracks state, long nowUs) {
    return endAll(state, Event.OFFLINE, nowUs);
  }

  private static List<Event> endAll(CameraTracks state, String reason, long ts) {
    List<Event> events = new ArrayList<>();
    for (Track track : state.tracks()) {
      if (track.confirmed()) {
        events.add(TrackEvents.end(state.camera(), track, state.pathOf(track), reason, ts));
      }
    }
    state.tracks().clear();
    return events;
  }

  /**
   * Ends tracks the camera clock has not seen for maxAge, before matching: after a gap in the input the
   * new detections start new tracks rather than revive gone ones.
   */
  private void endLost(CameraTracks state, long clock, long ts, List<Event> events) {
    long maxAge = config.maxAge().toNanos() / 1000;
    for (Iterator<Track> it = state.tracks().iterator(); it.hasNext(); ) {
      Track track = it.next();
      if (clock - track.lastTs() >= maxAge) {
        if (track.confirmed()) {
          events.add(TrackEvents.end(state.camera(), track, state.pathOf(track), Event.LOST, ts));
        }
        it.remove();
      }
    }
  }

  /**
   * Gives every matched track without an id one from this frame: {@link Event#id(String, int, long, int)} with
   * n counting those tracks oldest first. Usually they are the tracks born here, so each id names its first
   * detection and objects appearing together all start from this frame. Frames are processed once each, so
   * no id is handed out twice. (A track without an id after its birth frame comes only from state written
   * before ids had a suffix, when a frame's id went to one track.)
   */
  private static void claimIds(String camera, Detections.Frame frame, List<Track> tracks, List<Track> matched) {
    int n = 0;
    for (Track track : tracks) { // oldest first
      if (track.id() == null && matched.contains(track)) {
        track.claimId(Event.id(camera, frame.partition(), frame.offset(), n++));
      }
    }
  }

  private static void requireCamera(CameraTracks state, String camera, String topic) {
    if (!state.camera().equals(camera)) {
      throw new IllegalArgumentException(topic + " record of camera " + camera + " given to the tracks of camera "
          + state.camera());
    }
  }

  private static void requireReadable(Detections detections) {
    if (detections.frame() == null) {
      throw new IllegalArgumentException("processed detections record seq " + detections.seq() + " has no frame");
    }
    for (DetectedBox object : detections.objects()) {
      if (object.label() == null || object.box() == null || object.box().length != 4) {
        throw new IllegalArgumentException("detections record seq " + detections.seq()
            + " has an object without label or 4-number box");
      }
    }
  }

  private static long micros(String ts, String topic) {
    try {
      return Json.parseMicros(ts);
    } catch (DateTimeParseException | NullPointerException | ArithmeticException e) {
      throw new IllegalArgumentException(topic + " record has an unreadable ts \"" + ts + "\"", e);
    }
  }
}
