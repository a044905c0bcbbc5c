package io.vsp.sink.clips;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;

import io.vsp.common.wire.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;

/**
 * Test footage: a pure red rectangle moving in a straight line over grey, encoded with libopenh264 through
 * FFmpeg's C API (GOP 1 s) and cut into {@code video} units as ingest publishes them: one access unit each,
 * Annex-B, keyframes led by SPS and PPS. Where the rectangle is on each frame is known exactly, so a test
 * can give the clip builder a detector's path and check the drawn box against it.
 */
final class TestVideo {
  static final int FPS = 25;
  static final long STEP_US = 1_000_000 / FPS;
  static final long EPOCH_US = Instant.parse("2026-11-27T18:00:00Z").getEpochSecond() * 1_000_000;
  /** Pure red in limited-range BT.601 YCbCr. */
  static final int[] RED_YUV = {81, 90, 240};

  final int width;
  final int height;
  final int frames;
  final double[] from;
  final double[] to;

  /** The rectangle moves from box {@code from} on the first frame to {@code to} on the last (x1, y1, x2, y2 fractions). */
  TestVideo(int width, int height, int frames, double[] from, double[] to) {
    this.width = width;
    this.height = height;
    this.frames = frames;
    this.from = from;
    this.to = to;
  }

  static TestVideo moving(int width, int height, int frames) {
    return new TestVideo(width, height, frames, new double[] {0.10, 0.20, 0.35, 0.60},
        new double[] {0.55, 0.30, 0.80, 0.70});
  }

  /** The rectangle on frame {@code i}, as fractions. */
  double[] box(int i) {
    double f = frames == 1 ? 0 : (double) i / (frames - 1);
    double[] b = new double[4];
    for (int k = 0; k < 4; k++) {
      b[k] = from[k] + f * (to[k] - from[k]);
    }
    return b;
  }

  static long tsUs(int i) {
    return EPOCH_US + i * STEP_US;
  }

  static String iso(long us) {
    return Instant.ofEpochSecond(us / 1_000_000, (us % 1_000_000) * 1000).toString();
  }

  /** The path a 5 fps detector would report: every 5th frame's box, score 0.9. */
  List<Event.PathPoint> path(int firstFrame, int lastFrame) {
    List<Event.PathPoint> points = new ArrayList<>();
    for (int i = firstFrame; i <= lastFrame; i += FPS / 5) {
      points.add(new Event.PathPoint(iso(tsUs(i)), box(i), 0.9));
    }
    return points;
  }

  /** The units of session {@code session}: pts from {@code ptsStartUs}, capture times from frame {@code firstIndex}. */
  List<VideoUnit> units(String session, long ptsStartUs, int firstIndex) {
    List<VideoUnit> units = new ArrayList<>();
    AVCodec codec = avcodec_find_encoder_by_name("libopenh264");
    AVCodecContext ctx = avcodec_alloc_context3(codec);
    AVFrame frame = av_frame_alloc();
    AVPacket packet = av_packet_alloc();
    try {
      ctx.width(width);
      ctx.height(height);
      ctx.pix_fmt(AV_PIX_FMT_YUV420P);
      ctx.time_base(new AVRational().num(1).den(FPS));
      ctx.framerate(new AVRational().num(FPS).den(1));
      ctx.gop_size(FPS);
      ctx.bit_rate(Math.max(300_000, (long) (0.15 * width * height * FPS)));
      ctx.thread_count(1);
      check(avcodec_open2(ctx, codec, (AVDictionary) null));
      frame.format(AV_PIX_FMT_YUV420P);
      frame.width(width);
      frame.height(height);
      check(av_frame_get_buffer(frame, 0));
      for (int i = 0; i <= frames; i++) {
        check(i < frames ? send(ctx, frame, i) : avcodec_send_frame(ctx, null));
        while (avcodec_receive_packet(ctx, packet) >= 0) {
          byte[] data = new byte[packet.size()];
          packet.data().get(data);
          int n = (int) packet.pts();
          boolean key = (packet.flags() & AV_PKT_FLAG_KEY) != 0;
          units.add(new VideoUnit(data, ptsStartUs + n * STEP_US, ptsStartUs + n * STEP_US,
              tsUs(firstIndex + n), key, VideoUnit.H264, width, height, session));
          av_packet_unref(packet);
        }
      }
    } finally {
      av_packet_free(packet);
      av_frame_free(frame);
      avcodec_free_context(ctx);
    }
    if (units.size() != frames || !units.get(0).key()) {
      throw new IllegalStateException("encoder gave " + units.size() + " units for " + frames + " frames");
    }
    return units;
  }

  private int send(AVCodecContext ctx, AVFrame frame, int i) {
    check(av_frame_make_writable(frame));
    double[] b = box(i);
    int x1 = (int) Math.round(b[0] * width) & ~1;
    int y1 = (int) Math.round(b[1] * height) & ~1;
    int x2 = (int) Math.round(b[2] * width) & ~1;
    int y2 = (int) Math.round(b[3] * height) & ~1;
    for (int p = 0; p < 3; p++) {
      int shift = p == 0 ? 0 : 1;
      BytePointer plane = frame.data(p);
      int stride = frame.linesize(p);
      int w = width >> shift;
      int h = height >> shift;
      byte[] row = new byte[w];
      for (int y = 0; y < h; y++) {
        java.util.Arrays.fill(row, (byte) (p == 0 ? 128 : 128));
        if (y >= y1 >> shift && y < y2 >> shift) {
          java.util.Arrays.fill(row, x1 >> shift, x2 >> shift, (byte) RED_YUV[p]);
        }
        plane.position((long) y * stride).put(row, 0, w);
      }
      plane.position(0);
    }
    frame.pts(i);
    return avcodec_send_frame(ctx, frame);
  }

  private static int check(int err) {
    if (err < 0) {
      throw new IllegalStateException("FFmpeg error " + err);
    }
    return err;
  }
}
