package io.vsp.ingest.camera;

import io.vsp.ingest.frames.FramePublisher;
import io.vsp.ingest.publish.IngestMetrics;
import io.vsp.ingest.video.VideoPublisher;
import java.io.IOException;
import org.bytedeco.ffmpeg.avcodec.AVPacket;

/**
 * What one connection does with its packets: record them to {@code video}, decode and sample them to
 * {@code frames}, or both. Reports the connection online at its first packet.
 */
final class CameraSession implements StreamReader.PacketHandler, AutoCloseable {
  private final String camera;
  private final VideoPublisher video;     // null when this connection does not record
  private final FramePublisher frames;    // null when this connection does not feed detection
  private final IngestMetrics metrics;
  private final Runnable onOnline;
  private boolean online;

  CameraSession(String camera, VideoPublisher video, FramePublisher frames, IngestMetrics metrics,
                Runnable onOnline) {
    this.camera = camera;
    this.video = video;
    this.frames = frames;
    this.metrics = metrics;
    this.onOnline = onOnline;
  }

  @Override
  public void onPacket(AVPacket packet, long ptsUs, long dtsUs, boolean keyframe) throws IOException {
    metrics.packets.labelValues(metrics.camera(camera)).inc();
    if (!online) {
      online = true;
      onOnline.run();
    }
    if (video != null && video.admit(packet.size())) {
      byte[] data = new byte[packet.size()];
      packet.data().get(data, 0, data.length);
      video.onPacket(data, ptsUs, dtsUs, keyframe);
    }
    if (frames != null) {
      frames.onPacket(packet);
    }
  }

  @Override
  public void close() {
    if (video != null) {
      video.finish();
    }
    if (frames != null) {
      frames.close();
    }
  }
}
