package io.vsp.bench.detector;

import io.vsp.bench.SampleVideo;
import io.vsp.ingest.camera.StreamReader;
import io.vsp.ingest.frames.FrameDecoder;
import io.vsp.ingest.frames.FrameSampler;
import io.vsp.ingest.frames.JpegEncoder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The detector's input as the ingest makes it: the ingest benchmark's 1080p25 sample video (moving test
 * pattern with sensor-like noise) decoded, sampled at 5 fps, scaled to 1280×720 and encoded as JPEG
 * quality 85 by the ingest's own decoder, sampler and encoder. Kept in memory; cameras cycle through them.
 */
final class SampleJpegs {
  static final double FPS = 5;
  static final int MAX_WIDTH = 1280;
  static final int QUALITY = 85;

  /** The encoded frames, all of one size. */
  record Info(List<byte[]> jpegs, int width, int height) {
    double meanBytes() {
      return jpegs.stream().mapToLong(j -> j.length).average().orElse(0);
    }
  }

  private SampleJpegs() {}

  /** JPEGs of a sample of {@code seconds} (generated once in {@code dir}, then cached). */
  static Info make(Path dir, int seconds) throws IOException, InterruptedException {
    return make(dir, seconds, MAX_WIDTH);
  }

  /** As {@link #make(Path, int)}, scaled to at most {@code maxWidth} (1920 keeps the 1080p frames whole). */
  static Info make(Path dir, int seconds, int maxWidth) throws IOException, InterruptedException {
    SampleVideo.Info video = SampleVideo.prepare(dir, seconds);
    List<byte[]> jpegs = new ArrayList<>();
    int[] size = new int[2];
    try (StreamReader reader = new StreamReader(video.file().toString(), "tcp", Duration.ofSeconds(30))) {
      StreamReader.StreamInfo info = reader.open();
      try (FrameDecoder decoder = new FrameDecoder(info.stream(), 1);
           JpegEncoder encoder = new JpegEncoder(maxWidth, QUALITY)) {
        FrameSampler sampler = new FrameSampler(FPS);
        FrameDecoder.FrameHandler onFrame = (frame, ptsUs) -> {
          if (sampler.take(ptsUs)) {
            JpegEncoder.Jpeg jpeg = encoder.encode(frame);
            jpegs.add(jpeg.data());
            size[0] = jpeg.width();
            size[1] = jpeg.height();
          }
        };
        reader.run((packet, ptsUs, dtsUs, keyframe) -> decoder.decode(packet, onFrame));
      }
    }
    if (jpegs.isEmpty()) {
      throw new IOException("no frames sampled from " + video.file());
    }
    return new Info(List.copyOf(jpegs), size[0], size[1]);
  }
}
