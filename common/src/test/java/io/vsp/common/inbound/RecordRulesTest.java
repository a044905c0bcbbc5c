package io.vsp.common.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vsp.common.config.LimitsConfig;
import io.vsp.common.wire.Json;
import io.vsp.common.wire.MediaHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Each rule of {@link RecordRules}, with the reason a record breaking it is counted under. */
class RecordRulesTest {
  static final LimitsConfig LIMITS = LimitsConfig.DEFAULTS;
  static final long NOW_US = Instant.parse("2026-12-02T10:00:00Z").toEpochMilli() * 1000;
  static final String TS = "2026-12-02T09:59:59.500000Z";

  static RecordHeaders frameHeaders(String ts, int w, int h) {
    RecordHeaders hs = new RecordHeaders();
    MediaHeaders.add(hs, MediaHeaders.CAMERA, "lobby");
    MediaHeaders.add(hs, MediaHeaders.SESSION, "17");
    MediaHeaders.add(hs, MediaHeaders.SEQ, 4);
    MediaHeaders.add(hs, MediaHeaders.PTS, 800_000);
    MediaHeaders.add(hs, MediaHeaders.TS, ts);
    MediaHeaders.add(hs, MediaHeaders.WIDTH, w);
    MediaHeaders.add(hs, MediaHeaders.HEIGHT, h);
    MediaHeaders.add(hs, MediaHeaders.ENCODING, "jpeg");
    return hs;
  }

  static Inbound frame(String key, RecordHeaders headers, byte[] value) {
    return new Inbound("vsp.frames", 0, 5, NOW_US / 1000, key, value, headers);
  }

  static Inbound json(String topic, String key, String json) {
    return new Inbound(topic, 1, 9, NOW_US / 1000, key, json.getBytes(StandardCharsets.UTF_8), null);
  }

  static void refused(ThrowingCallable check, Reason reason) {
    assertThatThrownBy(check).isInstanceOf(InvalidRecordException.class)
        .satisfies(e -> assertThat(((InvalidRecordException) e).reason()).as(e.getMessage()).isEqualTo(reason));
  }

  @Test
  void aWellFormedFrameGivesItsHeaders() throws Exception {
    long ts = NOW_US - 500_000;
    FrameHeader f = RecordRules.frame(frame("lobby", frameHeaders(Long.toString(ts), 64, 48),
        JpegHeaderTest.jpeg(64, 48)), LIMITS, NOW_US);
    assertThat(f).isEqualTo(new FrameHeader("lobby", "17", 4, 800_000, ts, 64, 48));
  }

  @Test
  void frameCaptureTimesMustLieAfter1970AndNotAheadOfTheClock() {
    byte[] jpeg = JpegHeaderTest.jpeg(64, 48);
    refused(() -> RecordRules.frame(frame("lobby", frameHeaders("-5", 64, 48), jpeg), LIMITS, NOW_US), Reason.BAD_TIME);
    refused(() -> RecordRules.frame(frame("lobby", frameHeaders("0", 64, 48), jpeg), LIMITS, NOW_US), Reason.BAD_TIME);
    refused(() -> RecordRules.frame(frame("lobby", frameHeaders("soon", 64, 48), jpeg), LIMITS, NOW_US),
        Reason.BAD_HEADER);
    long year2100 = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli() * 1000;
    refused(() -> RecordRules.frame(frame("lobby", frameHeaders(Long.toString(year2100), 64, 48), jpeg), LIMITS,
        NOW_US), Reason.CLOCK_SKEW);
    long justInside = NOW_US + 59_000_000;
    assertThat(catching(() -> RecordRules.frame(frame("lobby", frameHeaders(Long.toString(justInside), 64, 48),
        jpeg), LIMITS, NOW_US))).isNull();
  }

  @Test
  void frameImagesMustBeJpegsOfTheClaimedSizeWithinMaxPixels() {
    String ts = Long.toString(NOW_US);
    refused(() -> RecordRules.frame(frame("lobby", frameHeaders(ts, 30000, 30000),
        JpegHeaderTest.claiming(30000, 30000)), LIMITS, NOW_US), Reason.TOO_LARGE);
    refused(() -> RecordRules.frame(frame("lobby", frameHeaders(ts, 640, 480),
        JpegHeaderTest.claiming(30000, 30000)), LIMITS, NOW_US), Reason.TOO_LARGE);
    refused(() -> RecordRules.frame(frame("lobby", frameHeaders(ts, 640, 480), JpegHeaderTest.jpeg(320, 240)),
        LIMITS, NOW_US), Reason.BAD_IMAGE);
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    refused(() -> RecordRules.frame(frame("lobby", frameHeaders(ts, 64, 48), png), LIMITS, NOW_US), Reason.BAD_IMAGE);
    refused(() -> RecordRules.frame(frame("lobby", frameHeaders(ts, 64, 48), new byte[0]), LIMITS, NOW_US),
        Reason.EMPTY);
    refused(() -> RecordRules.frame(frame("lobby", frameHeaders(ts, 64, 48), null), LIMITS, NOW_US), Reason.EMPTY);
  }

  @Test
  void framesNeedTheirHeadersAndACameraKey() {
    byte[] jpeg = JpegHeaderTest.jpeg(64, 48);
    refused(() -> RecordRules.frame(frame("lobby", new RecordHeaders(), jpeg), LIMITS, NOW_US), Reason.BAD_HEADER);
    refused(() -> RecordRules.frame(frame(null, frameHeaders("1", 64, 48), jpeg), LIMITS, NOW_US), Reason.BAD_KEY);
    refused(() -> RecordRules.frame(frame("Not A Camera!", frameHeaders("1", 64, 48), jpeg), LIMITS, NOW_US),
        Reason.BAD_KEY);
    refused(() -> RecordRules.frame(frame("yard", frameHeaders("1", 64, 48), jpeg), LIMITS, NOW_US), Reason.BAD_KEY);
  }

  static String detections(String ts, String objects) {
    return "{\"v\":1,\"camera\":\"lobby\",\"session\":\"17\",\"seq\":4,\"status\":\"processed\",\"ts\":\"" + ts
        + "\",\"ptsUs\":0,\"frame\":{\"partition\":0,\"offset\":5,\"width\":64,\"height\":48},"
        + "\"model\":{\"name\":\"m\",\"engine\":\"onnxruntime\",\"precision\":\"fp32\"},"
        + "\"timing\":{\"queueMs\":1,\"inferMs\":1,\"e2eMs\":1},\"objects\":[" + objects + "]}";
  }

  static String object(String box) {
    return "{\"label\":\"person\",\"class\":0,\"score\":0.9,\"box\":" + box + "}";
  }

  @Test
  void detectionsBindToTheSpecRecordWithBoxesInTheFrame() throws Exception {
    assertThat(RecordRules.detections(json("vsp.detections", "lobby", detections(TS, object("[0.1,0.2,0.3,0.4]"))),
        LIMITS, NOW_US).objects()).hasSize(1);
    refused(() -> RecordRules.detections(json("d", "lobby", detections(TS, object("[\"NaN\",0.2,0.3,0.4]"))), LIMITS,
        NOW_US), Reason.BAD_BOX);
    refused(() -> RecordRules.detections(json("d", "lobby", detections(TS, object("[-0.1,0.2,0.3,0.4]"))), LIMITS,
        NOW_US), Reason.BAD_BOX);
    refused(() -> RecordRules.detections(json("d", "lobby", detections(TS, object("[0,0,1e300,0.4]"))), LIMITS,
        NOW_US), Reason.BAD_BOX);
    refused(() -> RecordRules.detections(json("d", "lobby", detections(TS, object("[0.1,0.2]"))), LIMITS, NOW_US),
        Reason.BAD_BOX);
    refused(() -> RecordRules.detections(json("d", "lobby", "{\"v\":1,"), LIMITS, NOW_US), Reason.BAD_JSON);
    refused(() -> RecordRules.detections(json("d", "lobby", "{\"v\":1,\"camera\":\"lobby\"}"), LIMITS, NOW_US),
        Reason.BAD_JSON);
    refused(() -> RecordRules.detections(json("d", "lobby", detections("1969-12-31T23:59:59Z", "")), LIMITS, NOW_US),
        Reason.BAD_TIME);
    refused(() -> RecordRules.detections(json("d", "lobby", detections("2100-01-01T00:00:00Z", "")), LIMITS, NOW_US),
        Reason.CLOCK_SKEW);
    refused(() -> RecordRules.detections(json("d", "yard", detections(TS, "")), LIMITS, NOW_US), Reason.BAD_KEY);
  }

  @Test
  void theDetectorsCorruptAnswerToAFrameOfNoCameraIsValid() throws Exception {
    String noCamera = detections(TS, "").replace("\"camera\":\"lobby\",\"session\":\"17\"",
        "\"camera\":\"\",\"session\":\"\"").replace("processed", "corrupt");
    assertThat(RecordRules.detections(json("d", "Not A Camera!", noCamera), LIMITS, NOW_US).camera()).isEmpty();
    assertThat(RecordRules.detections(json("d", null, noCamera), LIMITS, NOW_US).camera()).isEmpty();
    String noSession = detections(TS, "").replace("\"session\":\"17\"", "\"session\":\"\"");
    assertThat(RecordRules.detections(json("d", "lobby", noSession.replace("processed", "corrupt")), LIMITS, NOW_US)
        .session()).isEmpty();
    // what only a corrupt answer may leave out
    refused(() -> RecordRules.detections(json("d", "lobby", noSession), LIMITS, NOW_US), Reason.BAD_JSON);
    refused(() -> RecordRules.detections(json("d", "Not A Camera!", noCamera.replace("corrupt", "processed")), LIMITS,
        NOW_US), Reason.BAD_KEY);
    refused(() -> RecordRules.detections(json("d", "Not A Camera!", detections(TS, "").replace("processed", "corrupt")),
        LIMITS, NOW_US), Reason.BAD_KEY);
  }

  @Test
  void detectionsHoldAtMostMaxObjects() {
    String many = String.join(",", java.util.Collections.nCopies(301, object("[0.1,0.2,0.3,0.4]")));
    refused(() -> RecordRules.detections(json("d", "lobby", detections(TS, many)), LIMITS, NOW_US), Reason.TOO_LARGE);
  }

  static String event(String type, String extra) {
    return "{\"v\":1,\"id\":\"lobby-1-9\",\"type\":\"" + type + "\",\"camera\":\"lobby\",\"track\":1,"
        + "\"label\":\"person\",\"score\":0.9,\"topScore\":0.9,\"box\":[0.1,0.2,0.3,0.4],\"startTs\":\"" + TS
        + "\",\"ts\":\"" + TS + "\"" + extra + "}";
  }

  @Test
  void endEventsNeedTheirEndTimeAndBestFramesThatExist() throws Exception {
    assertThat(RecordRules.event(json("e", "lobby", event("end",
        ",\"endReason\":\"lost\",\"endTs\":\"" + TS + "\"")), LIMITS, NOW_US).endTs()).isEqualTo(TS);
    refused(() -> RecordRules.event(json("e", "lobby", event("end", ",\"endReason\":\"lost\"")), LIMITS, NOW_US),
        Reason.BAD_JSON);
    refused(() -> RecordRules.event(json("e", "lobby", event("start",
        ",\"best\":{\"ts\":\"" + TS + "\",\"score\":0.9,\"box\":[0.1,0.2,0.3,0.4],\"partition\":0,\"offset\":-1}")),
        LIMITS, NOW_US), Reason.BAD_JSON);
  }

  @Test
  void eventIdsMustBeTheKeysCamera() {
    refused(() -> RecordRules.event(json("e", "lobby", event("start", "").replace("lobby-1-9", "../../etc-1-9")),
        LIMITS, NOW_US), Reason.BAD_JSON);
    refused(() -> RecordRules.event(json("e", "lobby", event("start", "").replace("lobby-1-9", "yard-1-9")), LIMITS,
        NOW_US), Reason.BAD_JSON);
  }

  @Test
  void statusRecordsNeedAKnownStateAndATime() throws Exception {
    String ok = "{\"v\":1,\"camera\":\"lobby\",\"state\":\"online\",\"ts\":\"" + TS + "\",\"worker\":\"w\"}";
    assertThat(RecordRules.status(json("s", "lobby", ok), LIMITS, NOW_US).state()).isEqualTo("online");
    refused(() -> RecordRules.status(json("s", "lobby", ok.replace("online", "dancing")), LIMITS, NOW_US),
        Reason.BAD_JSON);
    refused(() -> RecordRules.status(json("s", "lobby", ok.replace(TS, "2100-01-01T00:00:00Z")), LIMITS, NOW_US),
        Reason.CLOCK_SKEW);
  }

  @Test
  void videoUnitsNeedTheirHeadersAndAKnownCodec() throws Exception {
    RecordHeaders hs = new RecordHeaders();
    MediaHeaders.add(hs, MediaHeaders.CAMERA, "lobby");
    MediaHeaders.add(hs, MediaHeaders.SESSION, "17");
    MediaHeaders.add(hs, MediaHeaders.PTS, 0);
    MediaHeaders.add(hs, MediaHeaders.DTS, 0);
    MediaHeaders.add(hs, MediaHeaders.TS, NOW_US);
    MediaHeaders.add(hs, MediaHeaders.KEY, "1");
    MediaHeaders.add(hs, MediaHeaders.CODEC, "h264");
    MediaHeaders.add(hs, MediaHeaders.WIDTH, 1280);
    MediaHeaders.add(hs, MediaHeaders.HEIGHT, 720);
    Inbound unit = new Inbound("vsp.video", 0, 1, 0, "lobby", new byte[] {0, 0, 0, 1, 0x65}, hs);
    assertThat(RecordRules.video(unit, LIMITS, NOW_US).key()).isTrue();
    hs.remove(MediaHeaders.CODEC);
    MediaHeaders.add(hs, MediaHeaders.CODEC, "vp9");
    refused(() -> RecordRules.video(unit, LIMITS, NOW_US), Reason.BAD_HEADER);
  }

  @Test
  void logTextFromARecordIsQuotedEscapedAndShort() {
    assertThat(RecordRules.shown("a\nb\"c")).isEqualTo("\"a\\u000ab\\u0022c\"");
    assertThat(RecordRules.shown("x".repeat(100))).hasSize(64 + 5);
  }

  private static Throwable catching(ThrowingCallable c) {
    try {
      c.call();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }
}
