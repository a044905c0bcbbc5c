package io.vsp.ingest.frames;

import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;

import io.vsp.common.logging.BurstLog;
import io.vsp.common.wire.MediaHeaders;
import io.vsp.ingest.publish.IngestMetrics;
import io.vsp.ingest.publish.MediaPublisher;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scales, JPEG-encodes and publishes a session's sampled frames on its own thread ({@code jpeg:<camera>}),
 * so that the reader thread goes on demuxing and decoding meanwhile (a 1080p JPEG costs about as much
 * as decoding two frames). The hand-over queue holds {@value #QUEUE} frames (a network burst can
 * bring several sampled frames at once); when it is full, a live camera's frame is dropped
 * and counted ({@code reason="overload"}), never blocking capture, while a file (no clock to keep up
 * with) waits. {@code vsp.seq} is given at send time,
 * so it has no gaps.
 */
final class JpegPublisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JpegPublisher.class);

  static final int QUEUE = 4;

  /** A sampled frame: a copy of the decoded pixels, owned by this publisher. */
  private record Sampled(AVFrame frame, long ptsUs, long captureUs) {}

  private final String topic;
  private final String camera;
  private final String session;
  private final int maxWidth;
  private final int quality;
  private final MediaPublisher publisher;
  private final IngestMetrics metrics;
  private final boolean live;
  private final BlockingQueue<Sampled> queue = new ArrayBlockingQueue<>(QUEUE);
  private final BurstLog overloadLog = new BurstLog(log, 10_000);
  private final Thread thread;
  private volatile boolean closed;
  private long seq; // touched only by this publisher's thread

  JpegPublisher(String topic, String camera, String session, int maxWidth, int quality, MediaPublisher publisher,
                IngestMetrics metrics, boolean live) {
    this.topic = topic;
    this.camera = camera;
    this.session = session;
    this.maxWidth = maxWidth;
    this.quality = quality;
    this.publisher = publisher;
    this.metrics = metrics;
    this.live = live;
    this.thread = new Thread(this::run, "jpeg:" + camera);
    this.thread.setDaemon(true);
    // an unexpected death goes where the creating reader thread's would: the service's fatal path
    this.thread.setUncaughtExceptionHandler(Thread.currentThread().getUncaughtExceptionHandler());
    this.thread.start();
  }

  /** Takes ownership of {@code frame} (a copy); drops it when a live camera's encoder is behind. */
  void offer(AVFrame frame, long ptsUs, long captureUs) {
    Sampled sampled = new Sampled(frame, ptsUs, captureUs);
    if (!live && !closed) {
      try {
        queue.put(sampled);
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (closed || !queue.offer(sampled)) {
      av_frame_free(frame);
      metrics.dropped.labelValues(metrics.camera(camera), IngestMetrics.DROP_OVERLOAD).inc();
      overloadLog.warn("camera {}: JPEG encoding is behind the camera; sampled frame dropped", camera);
    }
  }

  private void run() {
    try (JpegEncoder encoder = new JpegEncoder(maxWidth, quality)) {
      while (!closed || !queue.isEmpty()) {
        Sampled s = queue.poll(100, TimeUnit.MILLISECONDS);
        if (s != null) {
          try {
            publish(encoder.encode(s.frame()), s);
          } catch (RuntimeException e) {
            log.warn("camera {}: frame not encoded: {}", camera, e.toString());
          } finally {
            av_frame_free(s.frame());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      queue.forEach(s -> av_frame_free(s.frame()));
      queue.clear();
    }
  }

  private void publish(JpegEncoder.Jpeg jpeg, Sampled s) {
    RecordHeaders headers = new RecordHeaders();
    MediaHeaders.add(headers, MediaHeaders.CAMERA, camera);
    MediaHeaders.add(headers, MediaHeaders.SESSION, session);
    MediaHeaders.add(headers, MediaHeaders.SEQ, seq);
    MediaHeaders.add(headers, MediaHeaders.PTS, s.ptsUs());
    MediaHeaders.add(headers, MediaHeaders.TS, s.captureUs());
    MediaHeaders.add(headers, MediaHeaders.WIDTH, jpeg.width());
    MediaHeaders.add(headers, MediaHeaders.HEIGHT, jpeg.height());
    MediaHeaders.add(headers, MediaHeaders.ENCODING, "jpeg");
    long ts = s.captureUs();
    boolean accepted = publisher.send(topic, camera, ts / 1000, jpeg.data(), headers, () -> {
      metrics.framesPublished.labelValues(metrics.camera(camera)).inc();
      metrics.lastFrameTimestamp.labelValues(metrics.camera(camera)).set(ts / 1e6);
    });
    if (accepted) {
      seq++; // a record refused at once leaves no hole in vsp.seq
    }
  }

  /** Publishes what is queued, then stops; the frames' memory is freed on the publisher's thread. */
  @Override
  public void close() {
    closed = true;
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
