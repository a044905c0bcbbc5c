package io.vsp.common.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Settings of the sink service: tracking detections into events, cutting clips, and serving them.
 *
 * @param metricsPort port of {@code /metrics}, {@code /healthz}, {@code /readyz}, 0..65535; default 9103
 * @param http the page and API; default bind 127.0.0.1, port 8080, no token, default allowed hosts
 * @param store where clips and snapshots live and how long; default dir data, maxAge 7d, maxBytes 50GiB
 * @param tracker how detections become tracks; default iou 0.3, maxAge 2s, minHits 2, lowScore 0.1, highScore 0.25
 * @param clips clip cutting; default enabled, preRoll 5s, postRoll 5s, maxLength 60s, annotate, no original
 */
public record SinkConfig(int metricsPort, Http http, Store store, Tracker tracker, Clips clips) {

  /**
   * @param bind address the HTTP server listens on; default 127.0.0.1 (this host only)
   * @param port HTTP port, 0..65535; default 8080
   * @param token when not empty, required as {@code Bearer} on every request but {@code /healthz}; default "";
   *     required when {@code bind} is not a loopback address
   * @param allowedHosts host names the page and API answer to in the {@code Host} header (its port ignored),
   *     others get 403 against DNS rebinding; empty = the default: {@code bind}, {@code localhost},
   *     {@code 127.0.0.1}, {@code [::1]}
   */
  public record Http(String bind, int port, String token, List<String> allowedHosts) {
    private static final Pattern HOST = Pattern.compile(
        "^(\\[[0-9A-Fa-f:.]+]|[0-9A-Za-z.-]+|[0-9A-Fa-f.]*:[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*)$"); // name, IPv4, IPv6
    private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");
    public static final Http DEFAULTS = new Http("127.0.0.1", 8080, "", List.of());

    public Http {
      token = token == null ? "" : token;
      allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
      Secrets.register(token);
      Checks checks = new Checks().notBlank("bind", bind).port("port", port);
      for (int i = 0; i < allowedHosts.size(); i++) {
        String host = allowedHosts.get(i);
        checks.require(HOST.matcher(host).matches(), "allowedHosts[" + i + "]",
            "must be a host name or address without port, e.g. vsp.example.com (got \"" + host + "\")");
      }
      if (bind != null && !bind.isBlank()) {
        verifyTokenOnPublicBind(checks, bind, token);
      }
      checks.done();
    }

    public Http(String bind, int port, String token) {
      this(bind, port, token, List.of());
    }

    public Http withPort(int newPort) {
      return new Http(bind, newPort, token, allowedHosts);
    }

    /** The host names the page answers to: {@code allowedHosts}, or the default when it is empty. */
    public List<String> effectiveAllowedHosts() {
      if (!allowedHosts.isEmpty()) {
        return allowedHosts;
      }
      Set<String> hosts = new LinkedHashSet<>();
      if (!bind.equals("0.0.0.0") && !bind.equals("::") && !bind.equals("[::]")) { // no client names these
        hosts.add(bind);
      }
      // [::1] is a loopback literal: no DNS name, so no rebinding, behind it
      hosts.addAll(List.of("localhost", "127.0.0.1", "[::1]"));
      return List.copyOf(hosts);
    }

    /**
     * Anyone who can reach a public address could watch the clips: such a bind needs a token. A host name other
     * than {@code localhost} counts as public (what it resolves to can change after the check).
     */
    private static void verifyTokenOnPublicBind(Checks checks, String bind, String token) {
      checks.require(!token.isEmpty() || isLoopback(bind), "token",
          "must be set when bind (" + bind + ") is not a loopback address: anyone reaching that address could "
              + "watch the clips and events; set a token (e.g. \"${VSP_SINK_TOKEN}\") or bind 127.0.0.1");
    }

    /** {@code localhost}, 127.0.0.0/8 or ::1, judged without DNS. */
    static boolean isLoopback(String bind) {
      String host = bind.startsWith("[") && bind.endsWith("]") ? bind.substring(1, bind.length() - 1) : bind;
      if (host.equalsIgnoreCase("localhost")) {
        return true;
      }
      if (IPV4.matcher(host).matches()) {
        return host.startsWith("127.") && Arrays.stream(host.split("\\.")).allMatch(o -> Integer.parseInt(o) <= 255);
      }
      if (!host.contains(":")) {
        return false; // a host name: not resolved here
      }
      try {
        return InetAddress.getByName(host).isLoopbackAddress(); // an IPv6 literal: parsed, never looked up
      } catch (UnknownHostException e) {
        return false;
      }
    }

    @Override
    public String toString() {
      return "Http[bind=" + bind + ", port=" + port + ", token=" + (token.isEmpty() ? "" : "***") + ", allowedHosts="
          + allowedHosts + "]";
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
   * @param lowScore detections scoring from this up to {@code highScore} only keep tracks alive (a second
   *     matching pass after the high-scoring ones, issue 13), never start one; below it they are ignored;
   *     0..highScore, equal to highScore turns the second pass off; default 0.1
   * @param highScore detections scoring this or more match first and may start tracks, 0..1; default 0.25
   *     (the detector's {@code scoreThreshold} before issue 13, so these are the detections tracked before)
   */
  public record Tracker(double iou, Duration maxAge, int minHits, double lowScore, double highScore) {
    public static final Tracker DEFAULTS = new Tracker(0.3, Duration.ofSeconds(2), 2, 0.1, 0.25);

    public Tracker {
      maxAge = maxAge == null ? DEFAULTS.maxAge : maxAge;
      Checks checks = new Checks()
          .require(iou > 0 && iou <= 1, "iou", "must be in (0, 1] (got " + Checks.num(iou) + ")")
          .positive("maxAge", maxAge)
          .range("minHits", minHits, 1, 1000)
          .fraction("lowScore", lowScore)
          .fraction("highScore", highScore);
      verifyLowScoreAtMostHigh(checks, lowScore, highScore);
      checks.done();
    }

    /** This config with the second pass off: only detections scoring highScore or more are tracked. */
    public Tracker withoutLowScore() {
      return new Tracker(iou, maxAge, minHits, highScore, highScore);
    }

    /** The low band sits under the high one; an empty band (equal) turns the second pass off. */
    private static void verifyLowScoreAtMostHigh(Checks checks, double lowScore, double highScore) {
      boolean bothFractions = lowScore >= 0 && lowScore <= 1 && highScore >= 0 && highScore <= 1; // else told above
      checks.require(!bothFractions || lowScore <= highScore, "lowScore",
          "must be at most highScore (" + Checks.num(highScore) + ") (got " + Checks.num(lowScore)
              + "); set it equal to highScore to turn the low-score pass off");
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
