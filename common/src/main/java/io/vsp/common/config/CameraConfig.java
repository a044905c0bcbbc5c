package io.vsp.common.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One camera as the user wrote it (an item of {@code cameras} or one file of {@code camerasDir}), plus the
 * URLs derived from it at run time: with credentials for connecting, masked for showing. Creating one
 * registers its username and password with {@link Secrets}, so they are masked in every log line after.
 *
 * @param id unique name, {@code ^[a-z0-9][a-z0-9_-]{0,62}$}; the Kafka key of all its records; required
 * @param url main stream, recorded to {@code video}; scheme rtsp, rtsps, rtmp, http, https, srt, udp or file; required
 * @param detectUrl substream sampled for detection, same schemes; null or empty = {@code url}
 * @param username put URL-encoded into the URLs' userinfo; null or empty = none
 * @param password put URL-encoded after the username; null or empty = none; needs a username
 * @param enabled a disabled camera is configured but not read; default true
 * @param transport RTSP transport, {@code tcp} or {@code udp}; default tcp
 * @param detect sampling for detection; default {@link DetectConfig#DEFAULTS}
 * @param labels labels that produce events; empty = all; default empty
 * @param minScore events only for tracks whose median score reaches this, 0..1; default 0.5
 * @param zones named polygons of at least 3 [x, y] points, as fractions 0..1 of width and height; default none
 * @param masks polygons whose detections (box bottom centre inside) are ignored, as zones; default none
 */
public record CameraConfig(
    String id, String url, String detectUrl, String username, String password, boolean enabled, Transport transport,
    DetectConfig detect, List<String> labels, double minScore, Map<String, List<List<Double>>> zones,
    List<List<List<Double>>> masks) {

  /** How RTSP media travels; written in lower case in YAML. */
  public enum Transport { TCP, UDP }

  public static final double DEFAULT_MIN_SCORE = 0.5;
  public static final Pattern ID = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,62}$");

  public CameraConfig {
    // empty means absent, so that "${LOBBY_USER:-}" or "${LOBBY_SUB:-}" can leave a value out
    detectUrl = detectUrl == null || detectUrl.isEmpty() ? null : detectUrl;
    username = username == null || username.isEmpty() ? null : username;
    password = password == null || password.isEmpty() ? null : password;
    Secrets.register(username);
    Secrets.register(password);
    transport = transport == null ? Transport.TCP : transport;
    detect = detect == null ? DetectConfig.DEFAULTS : detect;
    labels = labels == null ? List.of() : List.copyOf(labels);
    zones = zones == null ? Map.of() : copyZones(zones);
    masks = masks == null ? List.of() : masks.stream().map(CameraConfig::copyPolygon).toList();

    Checks checks = new Checks();
    checks.require(id != null && ID.matcher(id).matches(), "id",
        id == null ? "is required" : "must match " + ID.pattern() + " (got \"" + id + "\")");
    verifyUrl(checks, "url", url);
    if (detectUrl != null) {
      verifyUrl(checks, "detectUrl", detectUrl);
    }
    verifyCredentials(checks, url, detectUrl, username, password);
    checks.fraction("minScore", minScore);
    labels.forEach(label -> checks.require(!label.isBlank(), "labels", "must not hold an empty label"));
    zones.forEach((name, polygon) -> {
      checks.require(!name.isBlank(), "zones", "a zone needs a name");
      verifyPolygon(checks, "zones." + name, polygon);
    });
    for (int i = 0; i < masks.size(); i++) {
      verifyPolygon(checks, "masks[" + i + "]", masks.get(i));
    }
    checks.done();
  }

  /** A camera with {@code id} and {@code url} and every other key at its default. */
  public static CameraConfig of(String id, String url) {
    return new CameraConfig(id, url, null, null, null, true, null, null, null, DEFAULT_MIN_SCORE, null, null);
  }

  /** The main stream's URL with the credentials percent-encoded into it: what FFmpeg connects to. */
  public String connectUrl() {
    return CameraUrls.withCredentials(url, username, password);
  }

  /** The detection stream's URL ({@code detectUrl}, else {@code url}) with the credentials in it. */
  public String connectDetectUrl() {
    return CameraUrls.withCredentials(detectUrl == null ? url : detectUrl, username, password);
  }

  /** The main stream's URL for logs and pages: {@code rtsp://***@192.0.2.10:554/stream1}. */
  public String maskedUrl() {
    return CameraUrls.masked(connectUrl());
  }

  /** The detection stream's URL for logs and pages, credentials hidden. */
  public String maskedDetectUrl() {
    return CameraUrls.masked(connectDetectUrl());
  }

  public CameraConfig withEnabled(boolean newEnabled) {
    return new CameraConfig(id, url, detectUrl, username, password, newEnabled, transport, detect, labels, minScore,
        zones, masks);
  }

  /** Never shows credentials: a camera is logged often. */
  @Override
  public String toString() {
    return "CameraConfig[id=" + id + ", url=" + maskedUrl() + ", detectUrl=" + (detectUrl == null ? null
        : maskedDetectUrl()) + ", username=" + (username == null ? null : "***") + ", password="
        + (password == null ? null : "***") + ", enabled=" + enabled + ", transport=" + transport + ", detect="
        + detect + ", labels=" + labels + ", minScore=" + minScore + ", zones=" + zones + ", masks=" + masks + "]";
  }

  private static void verifyUrl(Checks checks, String field, String url) {
    String problem = url == null ? "is required" : CameraUrls.problem(url);
    checks.require(problem == null, field, problem);
  }

  /** Credentials live in one place: written into the URL, or in username/password, not both. */
  private static void verifyCredentials(Checks checks, String url, String detectUrl, String username,
      String password) {
    if (username != null) {
      checks.require(url == null || !CameraUrls.hasUserinfo(url), "url",
          "holds credentials while username is set: keep them in username/password only");
      checks.require(detectUrl == null || !CameraUrls.hasUserinfo(detectUrl), "detectUrl",
          "holds credentials while username is set: keep them in username/password only");
    }
    checks.require(password == null || username != null, "password", "needs a username");
  }

  private static void verifyPolygon(Checks checks, String field, List<List<Double>> polygon) {
    checks.require(polygon.size() >= 3, field, "needs at least 3 points (got " + polygon.size() + ")");
    for (int i = 0; i < polygon.size(); i++) {
      List<Double> point = polygon.get(i);
      boolean ok = point.size() == 2 && point.stream().allMatch(v -> v >= 0 && v <= 1);
      checks.require(ok, field + "[" + i + "]", "must be a point [x, y] with x and y between 0 and 1 (got "
          + point.stream().map(Checks::num).toList() + ")");
    }
  }

  private static Map<String, List<List<Double>>> copyZones(Map<String, List<List<Double>>> zones) {
    Map<String, List<List<Double>>> copy = new LinkedHashMap<>(); // keeps the user's order for pages and logs
    zones.forEach((name, polygon) -> copy.put(name, copyPolygon(polygon)));
    return Collections.unmodifiableMap(copy);
  }

  private static List<List<Double>> copyPolygon(List<List<Double>> polygon) {
    return polygon.stream().<List<Double>>map(List::copyOf).toList();
  }
}
