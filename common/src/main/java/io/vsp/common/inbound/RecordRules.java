package io.vsp.common.inbound;

import io.vsp.common.config.CameraConfig;
import io.vsp.common.config.LimitsConfig;
import io.vsp.common.kafka.KafkaClients;
import io.vsp.common.wire.CameraStatus;
import io.vsp.common.wire.Clip;
import io.vsp.common.wire.Detections;
import io.vsp.common.wire.Event;
import io.vsp.common.wire.Json;
import io.vsp.common.wire.MediaHeaders;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The rules a record must keep where it enters a service, one method per topic (SPEC §5, docs/ARCHITECTURE.md
 * "Bad records"). Every topic is treated as written by a stranger: each method either returns what the record
 * validly says or throws an {@link InvalidRecordException} naming the reason. Pure: the caller passes its clock.
 *
 * <p>Common rules: the key is a camera id and the camera the record names; capture times lie after 1970 and at
 * most {@code maxClockSkew} ahead of {@code nowUs}; boxes and scores are finite and within [0, 1].
 */
public final class RecordRules {
  private static final List<String> CODECS = List.of("h264", "hevc");

  private RecordRules() {}

  /** A {@code frames} record: SPEC headers, a JPEG whose own header matches {@code vsp.w}×{@code vsp.h}. */
  public static FrameHeader frame(Inbound r, LimitsConfig limits, long nowUs) throws InvalidRecordException {
    String camera = cameraKey(r);
    sameCamera(camera, nonEmptyHeader(r, MediaHeaders.CAMERA));
    String session = nonEmptyHeader(r, MediaHeaders.SESSION);
    long seq = number(r, MediaHeaders.SEQ);
    if (seq < 0) {
      throw new InvalidRecordException(Reason.BAD_HEADER, "header vsp.seq is negative: " + seq);
    }
    long pts = number(r, MediaHeaders.PTS);
    long tsUs = captureMicros(number(r, MediaHeaders.TS), limits, nowUs);
    String encoding = header(r, MediaHeaders.ENCODING);
    if (encoding != null && !encoding.equals("jpeg")) {
      throw new InvalidRecordException(Reason.BAD_HEADER, "header vsp.enc is " + shown(encoding) + ", not jpeg");
    }
    int width = dimension(r, MediaHeaders.WIDTH);
    int height = dimension(r, MediaHeaders.HEIGHT);
    pixels(width, height, limits);
    byte[] jpeg = value(r);
    JpegHeader image = JpegHeader.read(jpeg);
    pixels(image.width(), image.height(), limits);
    if (image.width() != width || image.height() != height) {
      throw new InvalidRecordException(Reason.BAD_IMAGE, "JPEG is " + image.width() + "x" + image.height()
          + " but the headers say " + width + "x" + height);
    }
    return new FrameHeader(camera, session, seq, pts, tsUs, width, height);
  }

  /** A {@code video} record: SPEC headers and a non-empty unit; the unit's bytes are the decoder's to judge. */
  public static VideoHeader video(Inbound r, LimitsConfig limits, long nowUs) throws InvalidRecordException {
    String camera = cameraKey(r);
    sameCamera(camera, nonEmptyHeader(r, MediaHeaders.CAMERA));
    String session = nonEmptyHeader(r, MediaHeaders.SESSION);
    long pts = number(r, MediaHeaders.PTS);
    long dts = number(r, MediaHeaders.DTS);
    long tsUs = captureMicros(number(r, MediaHeaders.TS), limits, nowUs);
    String key = header(r, MediaHeaders.KEY);
    if (key != null && !key.equals("0") && !key.equals("1")) {
      throw new InvalidRecordException(Reason.BAD_HEADER, "header vsp.key is " + shown(key) + ", not 0 or 1");
    }
    String codec = header(r, MediaHeaders.CODEC);
    if (!CODECS.contains(codec)) {
      throw new InvalidRecordException(Reason.BAD_HEADER, "header vsp.codec is " + shown(codec) + ", not one of "
          + CODECS);
    }
    int width = dimension(r, MediaHeaders.WIDTH);
    int height = dimension(r, MediaHeaders.HEIGHT);
    pixels(width, height, limits);
    value(r);
    return new VideoHeader(camera, session, pts, dts, tsUs, "1".equals(key), codec, width, height);
  }

  /**
   * A {@code detections} record: the SPEC JSON, at most {@code maxObjects} objects, every box in the frame. A
   * {@code corrupt} record is the detector's answer to a bad {@code frames} record: it keeps that record's key and
   * its camera and session are empty when it named no valid ones (SPEC §5), so those are not asked of it; with
   * an empty camera it is of no camera, and the caller has nothing to track.
   */
  public static Detections detections(Inbound r, LimitsConfig limits, long nowUs) throws InvalidRecordException {
    Detections d = json(r, Detections.class);
    version(d.v());
    boolean corrupt = Detections.CORRUPT.equals(d.status());
    if (!corrupt || !"".equals(d.camera())) {
      sameCamera(cameraKey(r), d.camera());
    }
    if (!corrupt) {
      required(d.session(), "session");
    }
    required(d.frame(), "frame");
    if (d.frame().partition() < 0 || d.frame().offset() < 0 || d.frame().width() < 0 || d.frame().height() < 0) {
      throw new InvalidRecordException(Reason.BAD_JSON, "frame has a negative partition, offset or size");
    }
    captureMicros(timestamp(d.ts(), "ts"), limits, nowUs);
    if (d.objects().size() > limits.maxObjects()) {
      throw new InvalidRecordException(Reason.TOO_LARGE, d.objects().size() + " objects (limits.maxObjects is "
          + limits.maxObjects() + ")");
    }
    for (Detections.DetectedBox o : d.objects()) {
      if (o.label() == null || o.label().isEmpty()) {
        throw new InvalidRecordException(Reason.BAD_JSON, "an object without a label");
      }
      score(o.score());
      box(o.box());
    }
    return d;
  }

  /** A {@code status} record: the SPEC JSON with a capture time. */
  public static CameraStatus status(Inbound r, LimitsConfig limits, long nowUs) throws InvalidRecordException {
    String camera = cameraKey(r);
    CameraStatus s = json(r, CameraStatus.class);
    version(s.v());
    sameCamera(camera, s.camera());
    captureMicros(timestamp(s.ts(), "ts"), limits, nowUs);
    return s;
  }

  /**
   * An {@code events} record: the SPEC JSON, an id of the key's camera (ids name files in the store), times in
   * order and within limits, an {@code end} with its {@code endTs}, a {@code best} frame that exists.
   */
  public static Event event(Inbound r, LimitsConfig limits, long nowUs) throws InvalidRecordException {
    String camera = cameraKey(r);
    Event e = json(r, Event.class);
    version(e.v());
    sameCamera(camera, e.camera());
    eventId(camera, e.id(), "id");
    required(e.label(), "label");
    long startUs = captureMicros(timestamp(e.startTs(), "startTs"), limits, nowUs);
    captureMicros(timestamp(e.ts(), "ts"), limits, nowUs);
    if (e.type().equals(Event.END)) {
      long endUs = captureMicros(timestamp(e.endTs(), "endTs"), limits, nowUs);
      if (endUs < startUs) {
        throw new InvalidRecordException(Reason.BAD_TIME, "endTs " + e.endTs() + " is before startTs " + e.startTs());
      }
    }
    score(e.score());
    box(e.box());
    if (e.best() != null) {
      Event.Best best = e.best();
      if (best.partition() < 0 || best.offset() < 0) {
        throw new InvalidRecordException(Reason.BAD_JSON, "best names frame " + best.partition() + "@"
            + best.offset());
      }
      score(best.score());
      box(best.box());
    }
    if (e.path() != null) {
      for (Event.PathPoint p : e.path()) {
        captureMicros(timestamp(p.ts(), "path.ts"), limits, nowUs);
        box(p.box());
      }
    }
    return e;
  }

  /** A {@code clips} record: the SPEC JSON, ids of the key's camera and the URL the id implies. */
  public static Clip clip(Inbound r, LimitsConfig limits, long nowUs) throws InvalidRecordException {
    String camera = cameraKey(r);
    Clip c = json(r, Clip.class);
    version(c.v());
    sameCamera(camera, c.camera());
    eventId(camera, c.id(), "id");
    eventId(camera, c.eventId(), "eventId");
    if (!("/clips/" + c.id() + ".mp4").equals(c.url())) {
      throw new InvalidRecordException(Reason.BAD_JSON, "url " + shown(c.url()) + " is not /clips/<id>.mp4");
    }
    captureMicros(timestamp(c.startTs(), "startTs"), limits, nowUs);
    captureMicros(timestamp(c.endTs(), "endTs"), limits, nowUs);
    if (c.frames() < 0 || c.bytes() < 0) {
      throw new InvalidRecordException(Reason.BAD_JSON, "negative frames or bytes");
    }
    return c;
  }

  // ---- shared rules ----

  /** The key, which must be a camera id. */
  static String cameraKey(Inbound r) throws InvalidRecordException {
    if (r.key() == null) {
      throw new InvalidRecordException(Reason.BAD_KEY, "no key (records are keyed by camera id)");
    }
    if (!CameraConfig.ID.matcher(r.key()).matches()) {
      throw new InvalidRecordException(Reason.BAD_KEY, "key " + shown(r.key()) + " is not a camera id");
    }
    return r.key();
  }

  /**
   * A capture time: after 1970 and at most {@code maxClockSkew} ahead of {@code nowUs}. Returns it.
   */
  public static long captureMicros(long tsUs, LimitsConfig limits, long nowUs) throws InvalidRecordException {
    if (tsUs <= 0) {
      throw new InvalidRecordException(Reason.BAD_TIME, "capture time " + tsUs + " µs is not after 1970");
    }
    long skewUs = limits.maxClockSkew().toNanos() / 1000;
    if (tsUs > nowUs + skewUs) {
      throw new InvalidRecordException(Reason.CLOCK_SKEW, "capture time " + Json.timestampMicros(tsUs) + " is "
          + (tsUs - nowUs) / 1_000_000 + " s ahead of this service's clock (limits.maxClockSkew "
          + limits.maxClockSkew().toSeconds() + " s)");
    }
    return tsUs;
  }

  private static void sameCamera(String key, String named) throws InvalidRecordException {
    if (named == null) {
      throw new InvalidRecordException(Reason.BAD_JSON, "no camera named");
    }
    if (!key.equals(named)) {
      throw new InvalidRecordException(Reason.BAD_KEY, "key " + key + " but the record names camera "
          + shown(named));
    }
  }

  private static void eventId(String camera, String id, String field) throws InvalidRecordException {
    if (id == null || id.length() > 200 || !camera.equals(Event.cameraOf(id))) {
      throw new InvalidRecordException(Reason.BAD_JSON, field + " " + shown(id) + " is not an event id of camera "
          + camera);
    }
  }

  private static void version(int v) throws InvalidRecordException {
    if (v != 1) {
      throw new InvalidRecordException(Reason.BAD_JSON, "version v " + v + " (this service reads v 1)");
    }
  }

  private static void required(Object value, String field) throws InvalidRecordException {
    if (value == null || value instanceof String s && s.isEmpty()) {
      throw new InvalidRecordException(Reason.BAD_JSON, "required field " + field + " missing");
    }
  }

  private static void score(double score) throws InvalidRecordException {
    if (!(score >= 0 && score <= 1)) { // NaN fails too
      throw new InvalidRecordException(Reason.BAD_BOX, "score " + score + " is not within [0, 1]");
    }
  }

  /** x1, y1, x2, y2 as finite fractions of the frame, in order. */
  static void box(double[] box) throws InvalidRecordException {
    if (box == null || box.length != 4) {
      throw new InvalidRecordException(Reason.BAD_BOX, "a box needs 4 numbers");
    }
    for (double v : box) {
      if (!(v >= 0 && v <= 1)) {
        throw new InvalidRecordException(Reason.BAD_BOX, "box value " + v + " is not within [0, 1]");
      }
    }
    if (box[0] > box[2] || box[1] > box[3]) {
      throw new InvalidRecordException(Reason.BAD_BOX, "box corners out of order");
    }
  }

  private static long timestamp(String text, String field) throws InvalidRecordException {
    if (text == null) {
      throw new InvalidRecordException(Reason.BAD_JSON, "required field " + field + " missing");
    }
    try {
      return Json.parseMicros(text);
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new InvalidRecordException(Reason.BAD_TIME, field + " " + shown(text) + " is not an RFC 3339 time");
    }
  }

  private static void pixels(int width, int height, LimitsConfig limits) throws InvalidRecordException {
    if ((long) width * height > limits.maxPixels()) {
      throw new InvalidRecordException(Reason.TOO_LARGE, width + "x" + height + " is more than limits.maxPixels "
          + limits.maxPixels());
    }
  }

  private static <T> T json(Inbound r, Class<T> type) throws InvalidRecordException {
    byte[] value = value(r);
    try {
      return Json.read(value, type);
    } catch (RuntimeException e) { // not JSON, or a value the record's constructor refuses
      throw new InvalidRecordException(Reason.BAD_JSON, "not a " + type.getSimpleName() + " record: "
          + shown(firstLine(e)));
    }
  }

  private static byte[] value(Inbound r) throws InvalidRecordException {
    if (r.value() == null || r.value().length == 0) {
      throw new InvalidRecordException(Reason.EMPTY, "no value");
    }
    if (r.value().length > KafkaClients.MAX_RECORD_BYTES) {
      throw new InvalidRecordException(Reason.TOO_LARGE, r.value().length + " bytes (VSP records hold at most "
          + KafkaClients.MAX_RECORD_BYTES + ")");
    }
    return r.value();
  }

  private static String header(Inbound r, String name) {
    return MediaHeaders.text(r.headers(), name);
  }

  private static String nonEmptyHeader(Inbound r, String name) throws InvalidRecordException {
    String text = header(r, name);
    if (text == null || text.isEmpty()) {
      throw new InvalidRecordException(Reason.BAD_HEADER, "header " + name + " missing");
    }
    return text;
  }

  private static long number(Inbound r, String name) throws InvalidRecordException {
    String text = nonEmptyHeader(r, name);
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new InvalidRecordException(Reason.BAD_HEADER, "header " + name + " is not a number: " + shown(text));
    }
  }

  private static int dimension(Inbound r, String name) throws InvalidRecordException {
    long n = number(r, name);
    if (n <= 0 || n > 65_535) {
      throw new InvalidRecordException(Reason.BAD_HEADER, "header " + name + " is " + n + ", not 1..65535");
    }
    return (int) n;
  }

  private static String firstLine(RuntimeException e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    String message = String.valueOf(cause.getMessage());
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  /** Text from a record, safe and short enough for a log line: quoted, control characters escaped, cut at 64. */
  static String shown(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < text.length() && i < 64; i++) {
      char c = text.charAt(i);
      b.append(c < 0x20 || c == 0x7f || c == '"' ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return b.append(text.length() > 64 ? "...\"" : "\"").toString();
  }
}
