package io.vsp.ingest.frames;

import io.vsp.common.logging.BurstLog;
import io.vsp.common.wire.MediaHeaders;
import io.vsp.ingest.camera.CaptureClock;
import io.vsp.ingest.publish.IngestMetrics;
import io.vsp.ingest.publish.MediaPublisher;
import java.io.IOException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one session's detect-stream packets into {@code frames} records (SPEC §5): decode every packet,
 * sample by pts to {@code detect.fps}, downscale to {@code maxWidth}, JPEG, number them by {@code vsp.seq}.
 */
public final class FramePublisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FramePublisher.class);

  private final String topic;
  private final String camera;
  private final String session;
  private final FrameDecoder decoder;
  private final FrameSampler sampler;
  private final JpegEncoder encoder;
  private final CaptureClock clock;
  private final MediaPublisher publisher;
  private final IngestMetrics metrics;
  private final BurstLog corruptLog = new BurstLog(log, 10_000);
  private long seq;

  /** Takes ownership of {@code decoder} and {@code encoder}. */
  public FramePublisher(String topic, String camera, String session, FrameDecoder decoder,
                        FrameSampler sampler, JpegEncoder encoder, CaptureClock clock,
                        MediaPublisher publisher, IngestMetrics metrics) {
    this.topic = topic;
    this.camera = camera;
    this.session = session;
    this.decoder = decoder;
    this.sampler = sampler;
    this.encoder = encoder;
    this.clock = clock;
    this.publisher = publisher;
    this.metrics = metrics;
  }

  public void onPacket(AVPacket packet) throws IOException {
    if (!decoder.decode(packet, this::onFrame)) {
      metrics.dropped.labelValues(camera, IngestMetrics.DROP_CORRUPT).inc();
      corruptLog.warn("camera {}: decoder rejected a packet; skipped", camera);
    }
  }

  private void onFrame(AVFrame frame, long ptsUs) {
    metrics.framesDecoded.labelValues(camera).inc();
    if (!sampler.take(ptsUs)) {
      return;
    }
    JpegEncoder.Jpeg jpeg = encoder.encode(frame);
    long ts = clock.captureMicros(ptsUs);
    RecordHeaders headers = new RecordHeaders();
    MediaHeaders.add(headers, MediaHeaders.CAMERA, camera);
    MediaHeaders.add(headers, MediaHeaders.SESSION, session);
    MediaHeaders.add(headers, MediaHeaders.SEQ, seq);
    MediaHeaders.add(headers, MediaHeaders.PTS, ptsUs);
    MediaHeaders.add(headers, MediaHeaders.TS, ts);
    MediaHeaders.add(headers, MediaHeaders.WIDTH, jpeg.width());
    MediaHeaders.add(headers, MediaHeaders.HEIGHT, jpeg.height());
    MediaHeaders.add(headers, MediaHeaders.ENCODING, "jpeg");
    boolean accepted = publisher.send(topic, camera, ts / 1000, jpeg.data(), headers, () -> {
      metrics.framesPublished.labelValues(camera).inc();
      metrics.lastFrameTimestamp.labelValues(camera).set(ts / 1e6);
    });
    if (accepted) {
      seq++; // a record refused at once leaves no hole in vsp.seq
    }
  }

  @Override
  public void close() {
    decoder.close();
    encoder.close();
  }
}
