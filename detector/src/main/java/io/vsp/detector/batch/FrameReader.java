package io.vsp.detector.batch;

import io.vsp.common.config.CameraConfig;
import io.vsp.common.config.LimitsConfig;
import io.vsp.common.inbound.FrameHeader;
import io.vsp.common.inbound.Inbound;
import io.vsp.common.inbound.InvalidRecordException;
import io.vsp.common.inbound.InvalidRecords;
import io.vsp.common.inbound.Reason;
import io.vsp.common.inbound.RecordRules;
import io.vsp.common.wire.MediaHeaders;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Where {@code frames} records enter the detector: checks each against {@link RecordRules#frame} and turns it into
 * a {@link FrameRecord}. An invalid record is counted and logged by {@link InvalidRecords} and still becomes a
 * frame — marked invalid, with what could safely be read of it — because SPEC §5 promises exactly one
 * {@code detections} record per {@code frames} record: it gets a {@code corrupt} one, timed by the record's Kafka
 * timestamp, never by its headers (a year-2100 header would make the broker refuse the transaction for ever).
 */
public final class FrameReader {
  private final LimitsConfig limits;
  private final InvalidRecords invalid;
  private final LongSupplier nowMicros;

  /** @param nowMicros this service's clock, epoch µs */
  public FrameReader(LimitsConfig limits, InvalidRecords invalid, LongSupplier nowMicros) {
    this.limits = limits;
    this.invalid = invalid;
    this.nowMicros = nowMicros;
  }

  public FrameRecord read(ConsumerRecord<byte[], byte[]> r, long polledNanos) {
    Inbound in = Inbound.of(r);
    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
    long now = nowMicros.getAsLong();
    try {
      FrameHeader h = RecordRules.frame(in, limits, now);
      return new FrameRecord(h.camera(), h.session(), h.seq(), h.ptsUs(), h.captureUs(), tp, r.offset(), h.width(),
          h.height(), r.value(), polledNanos, r.key(), true);
    } catch (InvalidRecordException e) {
      invalid.skip(in, e);
      String camera = in.key() != null && CameraConfig.ID.matcher(in.key()).matches() ? in.key() : "";
      String session = MediaHeaders.text(r.headers(), MediaHeaders.SESSION);
      return new FrameRecord(camera, session != null && session.length() <= 64 ? session : "",
          Math.max(0, number(in, MediaHeaders.SEQ)), number(in, MediaHeaders.PTS), fallbackCaptureUs(r.timestamp(),
          now, limits.maxClockSkew().toNanos() / 1000), tp, r.offset(), (int) size(in, MediaHeaders.WIDTH), (int) size(in, MediaHeaders.HEIGHT), new byte[0],
          polledNanos, r.key(), false);
    }
  }

  /** A frame whose header was fine but whose image did not decode: counted as {@code bad_image}. */
  public void undecodable(FrameRecord f, String message) {
    invalid.skip(new Inbound(f.partition().topic(), f.partition().partition(), f.offset(), f.captureUs() / 1000,
        f.camera(), null, null), new InvalidRecordException(Reason.BAD_IMAGE, message));
  }

  /** The record's Kafka timestamp, unless it too lies before 1970 or too far ahead: then now. */
  static long fallbackCaptureUs(long timestampMs, long nowUs, long skewUs) {
    return timestampMs > 0 && timestampMs * 1000 <= nowUs + skewUs ? timestampMs * 1000 : nowUs;
  }

  private static long number(Inbound r, String name) {
    try {
      String text = MediaHeaders.text(r.headers(), name);
      return text == null ? 0 : Long.parseLong(text);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static long size(Inbound r, String name) {
    long n = number(r, name);
    return n >= 0 && n <= 65_535 ? n : 0;
  }
}
