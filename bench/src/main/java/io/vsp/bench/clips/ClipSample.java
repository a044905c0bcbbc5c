package io.vsp.bench.clips;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_bsf_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_bsf_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_bsf_get_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.av_bsf_init;
import static org.bytedeco.ffmpeg.global.avcodec.av_bsf_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_bsf_send_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import io.vsp.bench.SampleVideo;
import io.vsp.common.testkit.FfmpegPrograms;
import io.vsp.common.wire.Event;
import io.vsp.sink.clips.Annotation;
import io.vsp.sink.clips.VideoUnit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVBSFContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * The clip benchmark's input: a 720p25 H.264 MP4 (GOP 1 s, as cameras send) made once with bytedeco's
 * {@code ffmpeg} program and kept, and the same footage as {@code video} records would carry it: one
 * Annex-B access unit per record, keyframes led by SPS/PPS ({@code h264_mp4toannexb}), capture times 40 ms
 * apart. Plus a track's path at 5 fps that wanders over the whole frame, so a box is drawn on every frame.
 */
final class ClipSample {
  static final int WIDTH = 1280;
  static final int HEIGHT = 720;
  static final int FPS = 25;
  static final String BIT_RATE = "3M";
  static final long EPOCH_US = Instant.parse("2026-11-27T18:00:00Z").getEpochSecond() * 1_000_000;

  private ClipSample() {}

  /** The cached sample of {@code seconds}, generated first if missing. */
  static Path prepare(Path dir, int seconds) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path file = dir.resolve("clip-sample-" + WIDTH + "x" + HEIGHT + "p" + FPS + "-" + seconds + "s-" + BIT_RATE + ".mp4");
    if (Files.exists(file)) {
      return file;
    }
    Path partial = dir.resolve(file.getFileName() + ".part.mp4");
    Path log = dir.resolve(file.getFileName() + ".log");
    // moving pattern plus temporal noise, as a sensor gives (see SampleVideo): no libx264, openh264 it is
    List<String> command = List.of(FfmpegPrograms.ffmpeg().toString(), "-hide_banner", "-nostdin", "-y",
        "-f", "lavfi", "-i", "testsrc2=size=" + WIDTH + "x" + HEIGHT + ":rate=" + FPS + ":duration=" + seconds,
        "-vf", "noise=alls=6:allf=t+u", "-c:v", "libopenh264", "-b:v", BIT_RATE, "-g", Integer.toString(FPS),
        "-pix_fmt", "yuv420p", "-movflags", "+faststart", partial.toString());
    System.out.printf("generating %s (%d s of 720p25)...%n", file.getFileName(), seconds);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (p.waitFor() != 0) {
      throw new IOException("ffmpeg could not generate the sample (exit " + p.exitValue() + "): "
          + String.join(" ", command) + "\n" + SampleVideo.tail(log));
    }
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
    return file;
  }

  /** The file's packets as {@code video} units (read once, before timing: the clipper gets them from Kafka). */
  static List<VideoUnit> units(Path file) throws IOException {
    List<VideoUnit> units = new ArrayList<>();
    AVFormatContext fmt = new AVFormatContext(null);
    AVPacket packet = av_packet_alloc();
    AVBSFContext bsf = new AVBSFContext(null);
    try (AVRational micros = new AVRational().num(1).den(1_000_000)) {
      check(avformat_open_input(fmt, file.toString(), null, (AVDictionary) null), "open " + file);
      check(avformat_find_stream_info(fmt, (AVDictionary) null), "probe " + file);
      AVStream stream = fmt.streams(0);
      check(av_bsf_alloc(av_bsf_get_by_name("h264_mp4toannexb"), bsf), "bitstream filter");
      check(avcodec_parameters_copy(bsf.par_in(), stream.codecpar()), "bitstream filter parameters");
      bsf.time_base_in(stream.time_base());
      check(av_bsf_init(bsf), "bitstream filter init");
      boolean eof = false;
      while (!eof) {
        if (av_read_frame(fmt, packet) < 0) {
          eof = true;
          check(av_bsf_send_packet(bsf, null), "bitstream filter flush");
        } else if (packet.stream_index() != 0) {
          av_packet_unref(packet);
          continue;
        } else {
          check(av_bsf_send_packet(bsf, packet), "bitstream filter"); // takes the packet's data
        }
        while (av_bsf_receive_packet(bsf, packet) >= 0) {
          byte[] data = new byte[packet.size()];
          packet.data().get(data);
          long pts = av_rescale_q(packet.pts(), stream.time_base(), micros);
          long dts = av_rescale_q(packet.dts(), stream.time_base(), micros);
          boolean key = (packet.flags() & AV_PKT_FLAG_KEY) != 0;
          units.add(new VideoUnit(data, pts, dts, EPOCH_US + pts, key, VideoUnit.H264, WIDTH, HEIGHT, "bench"));
          av_packet_unref(packet);
        }
      }
    } finally {
      av_bsf_free(bsf);
      av_packet_free(packet);
      avformat_close_input(fmt);
    }
    return units;
  }

  /** A person-sized box wandering over the frame for {@code seconds}, detected at 5 fps. */
  static Annotation annotation(int seconds) {
    List<Event.PathPoint> path = new ArrayList<>();
    for (int i = 0; i <= seconds * 5; i++) {
      double t = i / 5.0;
      double x = 0.1 + 0.6 * (0.5 + 0.5 * Math.sin(t / 3));
      double y = 0.15 + 0.4 * (0.5 + 0.5 * Math.cos(t / 5));
      long us = EPOCH_US + i * 200_000L;
      String ts = Instant.ofEpochSecond(us / 1_000_000, us % 1_000_000 * 1000).toString();
      path.add(new Event.PathPoint(ts, new double[] {x, y, x + 0.15, y + 0.4}, 0.8 + 0.1 * Math.sin(t)));
    }
    return new Annotation("person", 17, path);
  }

  private static void check(int err, String what) throws IOException {
    if (err < 0) {
      throw new IOException(what + " failed (FFmpeg error " + err + ")");
    }
  }
}
