package io.vsp.detector.batch;

import io.vsp.common.wire.MediaHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One {@code frames} record as the detector needs it: where it came from, what its headers say, the
 * JPEG, and when it was polled.
 *
 * @param captureUs capture time, epoch µs ({@code vsp.ts}, else the record timestamp)
 */
public record FrameRecord(String camera, String session, long seq, long ptsUs, long captureUs,
                          TopicPartition partition, long offset, int width, int height, byte[] jpeg,
                          long polledNanos) {

  /**
   * Reads a consumed record. A record whose headers are missing or malformed still yields a frame
   * (with what could be read) so that it gets its {@code corrupt} detections record.
   */
  public static FrameRecord of(ConsumerRecord<byte[], byte[]> r, long polledNanos) {
    String camera = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
    return new FrameRecord(camera, text(r, MediaHeaders.SESSION, ""), number(r, MediaHeaders.SEQ, -1),
        number(r, MediaHeaders.PTS, 0), number(r, MediaHeaders.TS, r.timestamp() * 1000),
        new TopicPartition(r.topic(), r.partition()), r.offset(), (int) number(r, MediaHeaders.WIDTH, 0),
        (int) number(r, MediaHeaders.HEIGHT, 0), r.value() == null ? new byte[0] : r.value(), polledNanos);
  }

  /** True when the headers a detections record needs are all there. */
  public boolean wellFormed() {
    return !camera.isEmpty() && !session.isEmpty() && seq >= 0 && jpeg.length > 0;
  }

  private static String text(ConsumerRecord<?, ?> r, String name, String fallback) {
    String value = MediaHeaders.text(r.headers(), name);
    return value == null ? fallback : value;
  }

  private static long number(ConsumerRecord<?, ?> r, String name, long fallback) {
    try {
      String value = MediaHeaders.text(r.headers(), name);
      return value == null ? fallback : Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
