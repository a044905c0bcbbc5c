package io.vsp.common.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Reads a few seconds of an RTSP stream with FFmpeg's ffprobe ({@link FfmpegPrograms}, so the same
 * FFmpeg as the ingest service) and reports codec, size and every decoded frame's keyframe flag and
 * timestamp.
 */
public final class StreamProbe {

  /** One decoded frame; {@code pts} in seconds, NaN when the stream gave none. */
  public record Frame(boolean key, double pts, int width, int height) {}

  /** What ffprobe saw; {@code exitCode} 0 means it opened and read the stream. */
  public record Result(int exitCode, String codec, int width, int height, List<Frame> frames, String errors) {

    public boolean ok() {
      return exitCode == 0;
    }

    /** Frames between consecutive keyframes (empty with fewer than two keyframes). */
    public List<Integer> keyframeIntervals() {
      List<Integer> intervals = new ArrayList<>();
      int last = -1;
      for (int i = 0; i < frames.size(); i++) {
        if (frames.get(i).key()) {
          if (last >= 0) {
            intervals.add(i - last);
          }
          last = i;
        }
      }
      return intervals;
    }

    /** Timestamp steps between consecutive frames that have one, in seconds. */
    public List<Double> frameSteps() {
      List<Double> steps = new ArrayList<>();
      for (int i = 1; i < frames.size(); i++) {
        double step = frames.get(i).pts() - frames.get(i - 1).pts();
        if (!Double.isNaN(step)) {
          steps.add(step);
        }
      }
      return steps;
    }
  }

  private StreamProbe() {}

  /**
   * Reads {@code duration} of stream time from {@code url} over RTSP/TCP, decoding every frame. A
   * socket idle for {@code timeout} fails the read (a frozen server).
   */
  public static Result read(String url, Duration duration, Duration timeout) {
    Path ffprobe = FfmpegPrograms.ffprobe();
    List<String> command = List.of(ffprobe.toString(), "-v", "error",
        "-rtsp_transport", "tcp", "-timeout", Long.toString(timeout.toNanos() / 1000),
        "-select_streams", "v:0", "-read_intervals", "%+" + duration.toMillis() / 1000.0,
        "-show_entries", "stream=codec_name,width,height:frame=key_frame,pts_time,width,height",
        "-of", "json", url);
    try {
      Path out = Files.createTempFile("vsp-probe-", ".json");
      Path err = Files.createTempFile("vsp-probe-", ".err");
      try {
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("LD_LIBRARY_PATH", ffprobe.getParent().toString());
        Process process = builder.start();
        long limit = duration.plus(timeout).plusSeconds(20).toMillis();
        if (!process.waitFor(limit, TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          return new Result(-1, null, 0, 0, List.of(), "ffprobe still running after " + limit + " ms");
        }
        return parse(process.exitValue(), TestFiles.read(out), TestFiles.read(err));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while probing a stream", e);
    }
  }

  /** {@code rtsp://user:password@host...} with both percent-encoded, as FFmpeg decodes them. */
  public static String withCredentials(String url, String user, String password) {
    URI uri = URI.create(url);
    return uri.getScheme() + "://" + percentEncode(user) + ":" + percentEncode(password) + "@"
        + uri.getRawAuthority() + uri.getRawPath();
  }

  static String percentEncode(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  private static Result parse(int exitCode, String json, String errors) throws IOException {
    if (exitCode != 0 || json.isBlank()) {
      return new Result(exitCode, null, 0, 0, List.of(), errors);
    }
    JsonNode root = new ObjectMapper().readTree(json);
    JsonNode stream = root.path("streams").path(0);
    List<Frame> frames = new ArrayList<>();
    for (JsonNode f : root.path("frames")) {
      double pts = f.has("pts_time") ? Double.parseDouble(f.get("pts_time").asText()) : Double.NaN;
      frames.add(new Frame(f.path("key_frame").asInt() == 1, pts, f.path("width").asInt(), f.path("height").asInt()));
    }
    return new Result(exitCode, stream.path("codec_name").asText(null), stream.path("width").asInt(),
        stream.path("height").asInt(), List.copyOf(frames), errors);
  }
}
