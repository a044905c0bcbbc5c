package io.vsp.ingest.frames;

import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;

import io.vsp.common.logging.BurstLog;
import io.vsp.ingest.camera.CaptureClock;
import io.vsp.ingest.publish.IngestMetrics;
import io.vsp.ingest.publish.MediaPublisher;
import java.io.IOException;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one session's detect-stream packets into {@code frames} records (SPEC §5): decode every packet,
 * sample by pts to {@code detect.fps}, and hand the sampled frames to a {@link JpegPublisher}, which
 * downscales, encodes and publishes them on its own thread.
 */
public final class FramePublisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FramePublisher.class);

  private final String camera;
  private final FrameDecoder decoder;
  private final FrameSampler sampler;
  private final CaptureClock clock;
  private final IngestMetrics metrics;
  private final JpegPublisher jpegs;
  private final BurstLog corruptLog = new BurstLog(log, 10_000);

  /** Takes ownership of {@code decoder}; {@code live}: a camera (drop when behind), not a file (wait). */
  public FramePublisher(String topic, String camera, String session, FrameDecoder decoder, FrameSampler sampler,
                        int maxWidth, int jpegQuality, CaptureClock clock, MediaPublisher publisher,
                        IngestMetrics metrics, boolean live) {
    this.camera = camera;
    this.decoder = decoder;
    this.sampler = sampler;
    this.clock = clock;
    this.metrics = metrics;
    this.jpegs = new JpegPublisher(topic, camera, session, maxWidth, jpegQuality, publisher, metrics, live);
  }

  public void onPacket(AVPacket packet) throws IOException {
    if (!decoder.decode(packet, this::onFrame)) {
      metrics.dropped.labelValues(metrics.camera(camera), IngestMetrics.DROP_CORRUPT).inc();
      corruptLog.warn("camera {}: decoder rejected a packet; skipped", camera);
    }
  }

  private void onFrame(AVFrame frame, long ptsUs) {
    metrics.framesDecoded.labelValues(metrics.camera(camera)).inc();
    if (sampler.take(ptsUs)) {
      AVFrame copy = copyOf(frame);
      if (copy == null) {
        metrics.dropped.labelValues(metrics.camera(camera), IngestMetrics.DROP_OVERLOAD).inc();
        return;
      }
      jpegs.offer(copy, ptsUs, clock.captureMicros(ptsUs));
    }
  }

  /**
   * A copy of the pixels, not a reference: a referenced frame stays in the decoder's buffer pool, which
   * never shrinks, so each camera would keep as many more frames as its JPEG queue ever held (after a slow
   * start, 4 of 0.4 MB at 640x360). A copy is freed once encoded, and its memory serves the next copy of
   * any camera. Two copies a second cost far less than the decode of 25 frames. Null when out of memory.
   */
  private static AVFrame copyOf(AVFrame frame) {
    AVFrame copy = av_frame_alloc();
    if (copy == null) {
      return null;
    }
    copy.format(frame.format()).width(frame.width()).height(frame.height());
    if (av_frame_get_buffer(copy, 0) < 0 || av_frame_copy(copy, frame) < 0) {
      av_frame_free(copy);
      return null;
    }
    return copy;
  }

  @Override
  public void close() {
    jpegs.close();
    decoder.close();
  }
}
