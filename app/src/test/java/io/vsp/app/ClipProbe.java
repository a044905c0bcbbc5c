package io.vsp.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.vsp.common.testkit.FfmpegPrograms;
import io.vsp.common.wire.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Looks into MP4 files through the FFmpeg programs shipped in the bytedeco jar: streams, frames, boxes. */
final class ClipProbe {
  private ClipProbe() {}

  /** ffprobe's view of the first video stream, frames counted. */
  static JsonNode videoStream(Path mp4) {
    String out = run(List.of(ffprobe(), "-v", "error", "-count_frames",
        "-select_streams", "v:0", "-show_streams", "-show_format", "-of", "json", mp4.toString()));
    JsonNode root = Json.read(out.getBytes(), JsonNode.class);
    return root.get("streams").get(0);
  }

  static double durationSeconds(Path mp4) {
    String out = run(List.of(ffprobe(), "-v", "error", "-show_format", "-of",
        "json", mp4.toString()));
    return Json.read(out.getBytes(), JsonNode.class).get("format").get("duration").asDouble();
  }

  /** Decodes the whole file; FFmpeg's error output (empty when every frame decoded). */
  static String decodeErrors(Path mp4) {
    return run(List.of(ffmpeg(), "-v", "error", "-nostdin", "-i", mp4.toString(),
        "-f", "null", "-"), true);
  }

  /** The top-level MP4 box types in file order ({@code ftyp}, {@code moov}, {@code mdat}, ...). */
  static List<String> topLevelBoxes(Path mp4) throws IOException {
    List<String> types = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(mp4)) {
      long pos = 0;
      ByteBuffer header = ByteBuffer.allocate(16);
      while (pos + 8 <= ch.size()) {
        header.clear();
        ch.read(header, pos);
        long size = Integer.toUnsignedLong(header.getInt(0));
        types.add(new String(new byte[] {header.get(4), header.get(5), header.get(6), header.get(7)}));
        if (size == 1) {
          size = header.getLong(8);
        } else if (size == 0) {
          break;
        }
        if (size < 8) {
          break;
        }
        pos += size;
      }
    }
    return types;
  }

  /** Frame {@code n} (from 0) decoded to packed RGB, width × height × 3 bytes. */
  static byte[] rgbFrame(Path mp4, int n, int width, int height) {
    byte[] out = runBytes(List.of(ffmpeg(), "-v", "error", "-nostdin", "-i",
        mp4.toString(), "-vf", "select=eq(n\\," + n + ")", "-vsync", "0", "-frames:v", "1", "-f", "rawvideo",
        "-pix_fmt", "rgb24", "-"));
    if (out.length != width * height * 3) {
      throw new AssertionError("frame " + n + " of " + mp4 + ": got " + out.length + " bytes, expected "
          + width * height * 3);
    }
    return out;
  }

  private static String ffprobe() {
    return FfmpegPrograms.ffprobe().toString();
  }

  private static String ffmpeg() {
    return FfmpegPrograms.ffmpeg().toString();
  }

  private static String run(List<String> command) {
    return run(command, false);
  }

  private static String run(List<String> command, boolean stderr) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(stderr).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(120, TimeUnit.SECONDS) || (!stderr && p.exitValue() != 0)) {
        throw new AssertionError(command + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static byte[] runBytes(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (InputStream in = p.getInputStream()) {
        in.transferTo(out);
      }
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError(command + " failed");
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
