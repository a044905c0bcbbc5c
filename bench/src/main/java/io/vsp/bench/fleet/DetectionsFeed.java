package io.vsp.bench.fleet;

import io.vsp.common.kafka.KafkaClients;
import io.vsp.common.wire.Detections;
import io.vsp.common.wire.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Stands in for the detector of a fleet: writes one {@code detections} record per camera per frame interval,
 * paced by the clock (N cameras at F fps is N × F records a second, spread evenly over each interval, as
 * cameras captured at independent times would arrive), each with the same objects slightly jittered, so
 * every object stays one live track. Runs on its own thread until closed.
 */
final class DetectionsFeed implements AutoCloseable {
  /** Cameras are spread over this many send slots per frame interval. */
  private static final int SLOTS = 20;
  /** Frame size named in the records (the boxes are fractions, so it only has to be valid). */
  private static final int WIDTH = 640;
  private static final int HEIGHT = 360;

  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final int cameras;
  private final double fps;
  private final int objects;
  private final double score;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong lateSlots = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * @param score every object's score: at or above the cameras' {@code minScore} (0.5 by default) the tracks
   *     become events, below it they stay unconfirmed tracks
   */
  DetectionsFeed(KafkaClients clients, String topic, int cameras, double fps, int objects, double score) {
    this.producer = new KafkaProducer<>(clients.producer("fleet-feed"));
    this.topic = topic;
    this.cameras = cameras;
    this.fps = fps;
    this.objects = objects;
    this.score = score;
    this.thread = new Thread(this::run, "feed:detections");
  }

  static String camera(int i) {
    return String.format("cam%04d", i);
  }

  void start() {
    thread.start();
  }

  /** Records handed to the producer so far. */
  long sent() {
    return sent.get();
  }

  /** Send slots that started later than a whole slot behind their time (the feed could not keep the pace). */
  long lateSlots() {
    return lateSlots.get();
  }

  private void run() {
    long interval = (long) (1e9 / fps);
    long start = System.nanoTime();
    for (long frame = 0; running; frame++) {
      for (int slot = 0; slot < SLOTS && running; slot++) {
        long due = start + frame * interval + slot * interval / SLOTS;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        } else if (-wait > interval / SLOTS) {
          lateSlots.incrementAndGet();
        }
        for (int i = slot; i < cameras; i += SLOTS) {
          send(i, frame);
        }
      }
    }
  }

  private void send(int index, long seq) {
    String camera = camera(index);
    Instant now = Instant.now();
    List<Detections.DetectedBox> boxes = new ArrayList<>(objects);
    double jitter = (seq % 2) * 0.002; // well under the 10% move that would send an update event
    for (int k = 0; k < objects; k++) {
      double x = 0.02 + (k % 5) * 0.19 + jitter;
      double y = 0.05 + (k / 5 % 2) * 0.45 + jitter;
      boolean person = k % 2 == 0;
      boxes.add(new Detections.DetectedBox(person ? "person" : "car", person ? 0 : 2, score,
          new double[] {x, y, x + 0.12, y + 0.35}));
    }
    // frame offsets only need to differ per frame: the tracker names events by them, nothing fetches them
    Detections d = new Detections(1, camera, "1", seq, Detections.PROCESSED, Json.timestamp(now), seq * 200_000,
        new Detections.Frame(0, seq, WIDTH, HEIGHT), new Detections.Model("fleet", "none", "fp32"),
        new Detections.Timing(0, 0, 0), boxes);
    producer.send(new ProducerRecord<>(topic, camera.getBytes(StandardCharsets.UTF_8), Json.write(d)));
    sent.incrementAndGet();
  }

  /** Stops sending, waits for the thread and flushes what was sent. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join();
    producer.close();
  }
}
