package io.vsp.bench;

import io.vsp.ingest.camera.StreamReader;
import io.vsp.ingest.frames.FrameDecoder;
import io.vsp.ingest.frames.FrameSampler;
import io.vsp.ingest.frames.JpegEncoder;
import java.io.IOException;
import java.time.Duration;

/**
 * Where a file pass spends its time, without Kafka: the same file read by the ingest's own stages added
 * one at a time (demux; + decode; + sample and JPEG). The gap between the last stage and the full
 * {@link FileIngestRun} is the cost of the {@code video} records and of Kafka (client and broker).
 */
final class StageBreakdown {
  /** The stages, each including the ones before it. */
  enum Stage {
    DEMUX("demux only"),
    DECODE("demux + decode"),
    JPEG("demux + decode + sample + JPEG");

    final String label;

    Stage(String label) {
      this.label = label;
    }
  }

  /** A pass up to {@code stage}; {@code jpegs} and {@code jpegSeconds} only for {@link Stage#JPEG}. */
  record Result(Stage stage, Throughput pass, long jpegs, double jpegSeconds) {
    double millisPerJpeg() {
      return jpegs == 0 ? 0 : jpegSeconds * 1000 / jpegs;
    }
  }

  private StageBreakdown() {}

  static Result run(String file, int threads, Stage stage) throws IOException {
    long[] counts = new long[2]; // packets, JPEGs
    long[] jpegNanos = {0};
    try (StreamReader reader = new StreamReader(file, "tcp", Duration.ofSeconds(30))) {
      StreamReader.StreamInfo info = reader.open();
      try (FrameDecoder decoder = new FrameDecoder(info.stream(), threads);
           JpegEncoder encoder = new JpegEncoder(FileIngestRun.MAX_WIDTH, FileIngestRun.JPEG_QUALITY)) {
        FrameSampler sampler = new FrameSampler(FileIngestRun.DETECT_FPS);
        FrameDecoder.FrameHandler onFrame = (frame, ptsUs) -> {
          if (stage == Stage.JPEG && sampler.take(ptsUs)) {
            long t = System.nanoTime();
            encoder.encode(frame);
            jpegNanos[0] += System.nanoTime() - t;
            counts[1]++;
          }
        };
        long busyBefore = CpuTimes.machineBusyNanos();
        long cpuBefore = CpuTimes.processNanos();
        long start = System.nanoTime();
        reader.run((packet, ptsUs, dtsUs, keyframe) -> {
          counts[0]++;
          if (stage != Stage.DEMUX) {
            decoder.decode(packet, onFrame);
          }
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (CpuTimes.processNanos() - cpuBefore) / 1e9;
        double busy = (CpuTimes.machineBusyNanos() - busyBefore) / 1e9;
        Throughput pass = new Throughput(counts[0], seconds, cpu, Throughput.otherCores(busy, cpu, seconds));
        return new Result(stage, pass, counts[1], jpegNanos[0] / 1e9);
      }
    }
  }
}
