package io.vsp.sink.tracker;

/**
 * When a track's events are due (SPEC §5): {@code start} once it is confirmed, {@code update} at most once a
 * second of capture time and only for a change a viewer would notice. Pure functions of the track.
 */
final class EventRules {
  /** Least capture time between two {@code start}/{@code update} records of a track, µs. */
  static final long UPDATE_INTERVAL_MICROS = 1_000_000;
  /** An edge moving by more than this share of the box's width (height) is a move worth an update. */
  static final double MOVE_SHARE = 0.1;

  private EventRules() {}

  /** An unconfirmed track with an id, {@code minHits} matches and a median score reaching {@code minScore}. */
  static boolean confirms(Track track, int minHits, double minScore) {
    return !track.confirmed() && track.id() != null && track.hits() >= minHits
        && track.medianScore() >= minScore;
  }

  /** A confirmed track whose last sent record is a second old and no longer tells its state. */
  static boolean updateDue(Track track, long ts) {
    Track.Sent sent = track.sent();
    if (!track.confirmed() || ts - sent.ts() < UPDATE_INTERVAL_MICROS) {
      return false;
    }
    return !sent.label().equals(track.label())
        || !sent.zones().equals(track.zones())
        || sent.topScore() != TrackEvents.round(track.topScore())
        || moved(sent.box(), TrackEvents.box(track.box()));
  }

  /**
   * Whether any edge of {@code to} lies more than {@link #MOVE_SHARE} of {@code from}'s width (x edges) or
   * height (y edges) away from {@code from}'s: covers both a shift and a resize.
   */
  static boolean moved(double[] from, double[] to) {
    double dx = MOVE_SHARE * (from[2] - from[0]);
    double dy = MOVE_SHARE * (from[3] - from[1]);
    return Math.abs(to[0] - from[0]) > dx || Math.abs(to[2] - from[2]) > dx
        || Math.abs(to[1] - from[1]) > dy || Math.abs(to[3] - from[3]) > dy;
  }
}
