package io.vsp.bench.detector;

import io.vsp.common.kafka.KafkaClients;
import io.vsp.common.wire.MediaHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes {@code frames} records as the ingest does (SPEC §5: keyed by camera, the headers, the record
 * timestamp = capture time), cycling through the sample JPEGs, the cameras taking turns: a backlog at
 * once, with capture times of a 5 fps camera in the recent past, or live at a steady rate with capture
 * time = now.
 */
final class FrameFeed implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final SampleJpegs.Info sample;
  private final int cameras;
  private final String session = Long.toString(System.currentTimeMillis());
  private final long[] seq;
  private final AtomicLong failed = new AtomicLong();
  private volatile Exception firstFailure;
  private long sent;

  FrameFeed(String bootstrap, String topic, SampleJpegs.Info sample, int cameras) {
    Properties config = new KafkaClients(bootstrap, Map.of()).producer("bench-feed");
    // one request in flight: a retried first batch can then never meet later ones already written
    // (seen here as OutOfOrderSequenceException on a just-created topic, then a 120 s expiry)
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
    this.producer = new KafkaProducer<>(config);
    this.topic = topic;
    this.sample = sample;
    this.cameras = cameras;
    this.seq = new long[cameras];
  }

  static String camera(int index) {
    return "cam" + (index + 1);
  }

  /** Sends {@code frames} records and waits until the broker has them all. */
  void backlog(long frames) {
    long nowUs = micros(Instant.now());
    long perCamera = (frames + cameras - 1) / cameras;
    for (long i = 0; i < frames; i++) {
      int cam = (int) (i % cameras);
      long captureUs = nowUs - (perCamera - seq[cam]) * (long) (1e6 / SampleJpegs.FPS);
      send(cam, captureUs);
    }
    producer.flush();
  }

  /**
   * Sends frames at {@code fps} in total (the cameras in turn) for {@code duration}, each stamped with the
   * moment it is sent; returns when the last is acknowledged.
   *
   * @return the capture time (epoch µs) of the first frame sent
   */
  long live(double fps, Duration duration) {
    long periodNanos = (long) (1e9 / fps);
    long count = Math.max(1, Math.round(fps * duration.toNanos() / 1e9));
    long start = System.nanoTime();
    long firstUs = micros(Instant.now());
    for (long i = 0; i < count; i++) {
      long due = start + i * periodNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      send((int) (sent % cameras), micros(Instant.now()));
    }
    producer.flush();
    return firstUs;
  }

  long sent() {
    return sent;
  }

  /** Records the broker did not acknowledge. */
  long failed() {
    return failed.get();
  }

  /** Why the first unacknowledged record failed, or "" when none did. */
  String failure() {
    return firstFailure == null ? "" : ": " + firstFailure;
  }

  private void send(int cam, long captureUs) {
    String camera = camera(cam);
    List<byte[]> jpegs = sample.jpegs();
    // each camera starts at another place in the sample, so a batch holds different images
    byte[] jpeg = jpegs.get((int) ((seq[cam] + cam * jpegs.size() / cameras) % jpegs.size()));
    ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, null, captureUs / 1000,
        camera.getBytes(StandardCharsets.UTF_8), jpeg);
    MediaHeaders.add(r.headers(), MediaHeaders.CAMERA, camera);
    MediaHeaders.add(r.headers(), MediaHeaders.SESSION, session);
    MediaHeaders.add(r.headers(), MediaHeaders.SEQ, seq[cam]);
    MediaHeaders.add(r.headers(), MediaHeaders.PTS, seq[cam] * (long) (1e6 / SampleJpegs.FPS));
    MediaHeaders.add(r.headers(), MediaHeaders.TS, captureUs);
    MediaHeaders.add(r.headers(), MediaHeaders.WIDTH, sample.width());
    MediaHeaders.add(r.headers(), MediaHeaders.HEIGHT, sample.height());
    MediaHeaders.add(r.headers(), MediaHeaders.ENCODING, "jpeg");
    producer.send(r, (metadata, e) -> {
      if (e != null && failed.getAndIncrement() == 0) {
        firstFailure = e;
      }
    });
    seq[cam]++;
    sent++;
  }

  static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
