package io.vsp.common.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the sink service: tracking detections into events, cutting clips, and serving them.
 *
 * @param metricsPort port of {@code /metrics}, {@code /healthz}, {@code /readyz}, 0..65535; default 9103
 * @param http the page and API; default bind 127.0.0.1, port 8080, no token
 * @param store where clips and snapshots live and how long; default dir data, maxAge 7d, maxBytes 50GiB
 * @param tracker how detections become tracks; default iou 0.3, maxAge 2s, minHits 2
 * @param clips clip cutting; default enabled, preRoll 5s, postRoll 5s, maxLength 60s, annotate, no original
 */
public record SinkConfig(int metricsPort, Http http, Store store, Tracker tracker, Clips clips) {

  /**
   * @param bind address the HTTP server listens on; default 127.0.0.1 (this host only)
   * @param port HTTP port, 0..65535; default 8080
   * @param token when not empty, required as {@code Bearer} on every request but {@code /healthz}; default ""
   */
  public record Http(String bind, int port, String token) {
    public static final Http DEFAULTS = new Http("127.0.0.1", 8080, "");

    public Http {
      token = token == null ? "" : token;
      Secrets.register(token);
      new Checks().notBlank("bind", bind).port("port", port).done();
    }

    @Override
    public String toString() {
      return "Http[bind=" + bind + ", port=" + port + ", token=" + (token.isEmpty() ? "" : "***") + "]";
    }
  }

  /**
   * @param dir folder holding {@code clips/} and {@code snapshots/}; default data
   * @param maxAge files older than this are removed, more than 0; default 7d
   * @param maxBytes the oldest files are removed while the store is larger, more than 0; default 50GiB
   */
  public record Store(Path dir, Duration maxAge, DataSize maxBytes) {
    public static final Store DEFAULTS = new Store(Path.of("data"), Duration.ofDays(7), DataSize.ofGibibytes(50));

    public Store {
      dir = dir == null ? DEFAULTS.dir : dir;
      maxAge = maxAge == null ? DEFAULTS.maxAge : maxAge;
      maxBytes = maxBytes == null ? DEFAULTS.maxBytes : maxBytes;
      new Checks().positive("maxAge", maxAge).require(maxBytes.bytes() > 0, "maxBytes", "must be more than 0").done();
    }
  }

  /**
   * @param iou least IoU for a detection to match a track, (0, 1]; default 0.3
   * @param maxAge a track unmatched this long ends (event {@code end}, reason {@code lost}), over 0; default 2s
   * @param minHits matches before a track is confirmed (event {@code start}), at least 1; default 2
   */
  public record Tracker(double iou, Duration maxAge, int minHits) {
    public static final Tracker DEFAULTS = new Tracker(0.3, Duration.ofSeconds(2), 2);

    public Tracker {
      maxAge = maxAge == null ? DEFAULTS.maxAge : maxAge;
      new Checks()
          .require(iou > 0 && iou <= 1, "iou", "must be in (0, 1] (got " + Checks.num(iou) + ")")
          .positive("maxAge", maxAge)
          .range("minHits", minHits, 1, 1000)
          .done();
    }
  }

  /**
   * @param enabled cut a clip for every event; default true
   * @param preRoll footage kept before the event's start, 0 or more; default 5s
   * @param postRoll footage kept after the event's end, 0 or more; default 5s
   * @param maxLength a clip is cut at this length, more than 0; default 60s
   * @param annotate draw boxes, labels, scores and track ids; default true
   * @param keepOriginal also store the untouched footage (remuxed); default false
   */
  public record Clips(boolean enabled, Duration preRoll, Duration postRoll, Duration maxLength, boolean annotate,
      boolean keepOriginal) {
    public static final Clips DEFAULTS =
        new Clips(true, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(60), true, false);

    public Clips {
      preRoll = preRoll == null ? DEFAULTS.preRoll : preRoll;
      postRoll = postRoll == null ? DEFAULTS.postRoll : postRoll;
      maxLength = maxLength == null ? DEFAULTS.maxLength : maxLength;
      new Checks().notNegative("preRoll", preRoll).notNegative("postRoll", postRoll).positive("maxLength", maxLength)
          .done();
    }
  }

  public static final SinkConfig DEFAULTS =
      new SinkConfig(9103, Http.DEFAULTS, Store.DEFAULTS, Tracker.DEFAULTS, Clips.DEFAULTS);

  public SinkConfig {
    http = http == null ? Http.DEFAULTS : http;
    store = store == null ? Store.DEFAULTS : store;
    tracker = tracker == null ? Tracker.DEFAULTS : tracker;
    clips = clips == null ? Clips.DEFAULTS : clips;
    Checks checks = new Checks().port("metricsPort", metricsPort);
    verifyPortsDiffer(checks, metricsPort, http.port());
    checks.done();
  }

  /** Both servers run in the sink's process: one port cannot serve both. */
  private static void verifyPortsDiffer(Checks checks, int metricsPort, int httpPort) {
    checks.require(metricsPort == 0 || metricsPort != httpPort, "metricsPort",
        "must differ from http.port (both " + metricsPort + ")");
  }
}
