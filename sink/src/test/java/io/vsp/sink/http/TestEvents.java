package io.vsp.sink.http;

import io.vsp.common.wire.Clip;
import io.vsp.common.wire.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Events and clips records as the tracker and the clipper send them, for the index and HTTP tests. */
final class TestEvents {
  private TestEvents() {}

  static Event start(String id, String label, Instant startTs) {
    return event(id, Event.START, label, startTs, null, 0.8, List.of());
  }

  static Event end(String id, String label, Instant startTs, Duration length) {
    return event(id, Event.END, label, startTs, startTs.plus(length), 0.9, List.of("door"));
  }

  static Event event(String id, String type, String label, Instant startTs, Instant endTs, double score,
                     List<String> zones) {
    Instant ts = endTs != null ? endTs : startTs;
    return new Event(1, id, type, type.equals(Event.END) ? Event.LOST : null, Event.cameraOf(id), 17, label, score,
        Math.max(score, 0.95), new double[] {0.25, 0.25, 0.75, 0.75}, zones, startTs.toString(),
        endTs == null ? null : endTs.toString(), ts.toString(), "/snapshots/" + id + ".jpg", "/clips/" + id + ".mp4",
        null, null);
  }

  static Clip clip(String id, Instant startTs, long bytes) {
    return new Clip(1, id, id, Event.cameraOf(id), startTs.minusSeconds(5).toString(),
        startTs.plusSeconds(10).toString(), 30, 10.0, 320, 240, true,
        "clips/" + Event.cameraOf(id) + "/" + startTs.toString().substring(0, 10) + "/" + id + ".mp4",
        "/clips/" + id + ".mp4", bytes, "0".repeat(64));
  }
}
