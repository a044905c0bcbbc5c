package io.vsp.ingest;

import static io.vsp.common.testkit.KafkaTestClient.header;
import static io.vsp.common.testkit.KafkaTestClient.key;

import io.vsp.common.testkit.FfmpegPrograms;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Helpers to judge ingest output: records per camera and session, and FFmpeg's verdict on video. */
final class MediaChecks {
  private MediaChecks() {}

  static List<ConsumerRecord<byte[], byte[]>> of(List<ConsumerRecord<byte[], byte[]>> records, String camera) {
    return records.stream().filter(r -> camera.equals(key(r))).toList();
  }

  /** Records by session, in offset order, sessions in order of appearance. */
  static Map<String, List<ConsumerRecord<byte[], byte[]>>> bySession(List<ConsumerRecord<byte[], byte[]>> records) {
    Map<String, List<ConsumerRecord<byte[], byte[]>>> out = new LinkedHashMap<>();
    for (var r : records) {
      out.computeIfAbsent(header(r, "vsp.session"), s -> new ArrayList<>()).add(r);
    }
    return out;
  }

  static long pts(ConsumerRecord<?, ?> r) {
    return Long.parseLong(header(r, "vsp.pts"));
  }

  /** How many records have pts within the first {@code seconds} of the list's first pts. */
  static int countInFirst(List<ConsumerRecord<byte[], byte[]>> session, double seconds) {
    long start = pts(session.get(0));
    return (int) session.stream().filter(r -> pts(r) - start < seconds * 1_000_000).count();
  }

  /** True once some session of {@code camera} spans at least {@code seconds} of pts. */
  static Predicate<List<ConsumerRecord<byte[], byte[]>>> spans(String camera, double seconds) {
    return all -> bySession(of(all, camera)).values().stream()
        .anyMatch(s -> pts(s.get(s.size() - 1)) - pts(s.get(0)) >= seconds * 1_000_000);
  }

  /** The first session spanning {@code seconds} of pts. */
  static List<ConsumerRecord<byte[], byte[]>> longSession(List<ConsumerRecord<byte[], byte[]>> all, String camera,
                                                         double seconds) {
    return bySession(of(all, camera)).values().stream()
        .filter(s -> pts(s.get(s.size() - 1)) - pts(s.get(0)) >= seconds * 1_000_000)
        .findFirst().orElseThrow(() -> new AssertionError("no session of " + camera + " spans " + seconds + " s"));
  }

  /** Decodes the concatenated records with the ffmpeg program of the bytedeco jar; returns its stderr. */
  static FfmpegResult decode(List<ConsumerRecord<byte[], byte[]>> session, Path dir) {
    try {
      String codec = header(session.get(0), "vsp.codec");
      Path file = Files.createTempFile(dir, "session-", "." + codec);
      try (var out = Files.newOutputStream(file)) {
        for (var r : session) {
          out.write(r.value());
        }
      }
      String ffmpeg = FfmpegPrograms.ffmpeg().toString();
      Process p = new ProcessBuilder(ffmpeg, "-nostdin", "-v", "error", "-f", codec, "-i", file.toString(),
          "-fps_mode", "passthrough", "-f", "framecrc", "-").redirectErrorStream(false).start();
      byte[] stdout = p.getInputStream().readAllBytes();
      String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("ffmpeg did not finish decoding " + file);
      }
      long frames = new String(stdout, StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#")).count();
      return new FfmpegResult(p.exitValue(), stderr, (int) frames);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  record FfmpegResult(int exitCode, String errors, int frames) {}

  /** NAL unit types of each record, e.g. {@code [[9, 7, 8, 6, 5], [9, 1]]}, for failure messages. */
  static List<List<Integer>> nalTypes(List<ConsumerRecord<byte[], byte[]>> records) {
    List<List<Integer>> out = new ArrayList<>();
    for (var r : records) {
      var c = header(r, "vsp.codec").equals("hevc") ? io.vsp.ingest.video.Codec.HEVC : io.vsp.ingest.video.Codec.H264;
      out.add(io.vsp.ingest.video.AnnexB.split(r.value()).stream().map(n -> c.nalType(r.value()[n.offset()])).toList());
    }
    return out;
  }

  /** Coded pictures in an Annex-B access unit: slices that start a picture (first_mb / first slice flag set). */
  static int pictures(byte[] au, String codec) {
    io.vsp.ingest.video.Codec c = codec.equals("hevc") ? io.vsp.ingest.video.Codec.HEVC : io.vsp.ingest.video.Codec.H264;
    int n = 0;
    for (var nal : io.vsp.ingest.video.AnnexB.split(au)) {
      int type = c.nalType(au[nal.offset()]);
      boolean vcl = c == io.vsp.ingest.video.Codec.H264 ? type >= 1 && type <= 5 : type <= 31;
      int flagByte = nal.offset() + (c == io.vsp.ingest.video.Codec.H264 ? 1 : 2);
      if (vcl && nal.length() > flagByte - nal.offset() && (au[flagByte] & 0x80) != 0) {
        n++;
      }
    }
    return n;
  }

  static java.awt.image.BufferedImage jpeg(byte[] data) {
    try {
      return javax.imageio.ImageIO.read(new ByteArrayInputStream(data));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
