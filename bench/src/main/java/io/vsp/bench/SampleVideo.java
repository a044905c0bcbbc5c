package io.vsp.bench;

import io.vsp.common.testkit.FfmpegPrograms;
import io.vsp.ingest.camera.StreamReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's input: a 1080p25 H.264 MP4 made once with the FFmpeg program that the
 * {@code org.bytedeco:ffmpeg} jar ships, and kept for later runs. Its frame count is read back through
 * VSP's own demuxer, so the record counts can be checked exactly.
 */
public final class SampleVideo {
  public static final int WIDTH = 1920;
  public static final int HEIGHT = 1080;
  public static final int FPS = 25;

  /** The file and what it holds. */
  public record Info(Path file, long frames, double seconds, long bytes) {
    public double megabitsPerSecond() {
      return bytes * 8 / seconds / 1e6;
    }
  }

  private SampleVideo() {}

  /** Returns the cached sample of {@code seconds} in {@code dir}, generating it first if missing. */
  public static Info prepare(Path dir, int seconds) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path file = dir.resolve("sample-" + WIDTH + "x" + HEIGHT + "p" + FPS + "-" + seconds + "s-6M.mp4");
    if (!Files.exists(file)) {
      generate(file, seconds);
    }
    return probe(file);
  }

  private static void generate(Path file, int seconds) throws IOException, InterruptedException {
    System.out.printf("generating %s (%d s of 1080p25, about %d s)...%n", file.getFileName(), seconds,
        seconds / 3);
    encode(file, WIDTH, HEIGHT, FPS, seconds, "6M", 50);
  }

  /**
   * Writes an H.264 MP4 of moving test pattern plus light temporal noise, as a camera sensor gives: without
   * the noise the pattern compresses far below the bit rate asked for and decodes unrealistically fast. No
   * libx264 in this FFmpeg build: libopenh264 (constrained baseline, CAVLC) it is. Written to a temp file
   * first, so an interrupted run leaves no half file behind.
   */
  public static void encode(Path file, int width, int height, int fps, int seconds, String bitrate, int gop)
      throws IOException, InterruptedException {
    Path partial = file.resolveSibling(file.getFileName() + ".part.mp4");
    Path log = file.resolveSibling(file.getFileName() + ".log");
    List<String> command = List.of(FfmpegPrograms.ffmpeg().toString(), "-hide_banner", "-nostdin", "-y",
        "-f", "lavfi", "-i", "testsrc2=size=" + width + "x" + height + ":rate=" + fps + ":duration=" + seconds,
        "-vf", "noise=alls=6:allf=t+u",
        "-c:v", "libopenh264", "-b:v", bitrate, "-g", Integer.toString(gop), "-pix_fmt", "yuv420p",
        "-movflags", "+faststart", partial.toString());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (p.waitFor() != 0) {
      throw new IOException("ffmpeg could not generate the sample (exit " + p.exitValue() + "): "
          + String.join(" ", command) + "\n" + tail(log));
    }
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Counts the video packets (one per frame in an MP4) with VSP's demuxer. */
  private static Info probe(Path file) throws IOException {
    AtomicLong packets = new AtomicLong();
    try (StreamReader reader = new StreamReader(file.toString(), "tcp", Duration.ofSeconds(30))) {
      StreamReader.StreamInfo info = reader.open();
      if (info.width() != WIDTH || info.height() != HEIGHT) {
        throw new IOException(file + " is " + info.width() + "x" + info.height() + ", expected "
            + WIDTH + "x" + HEIGHT + ": delete it to regenerate");
      }
      reader.run((packet, pts, dts, key) -> packets.incrementAndGet());
    }
    return new Info(file, packets.get(), (double) packets.get() / FPS, Files.size(file));
  }

  public static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }
}
