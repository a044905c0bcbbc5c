package io.vsp.sink.clips;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * Decodes {@code video} units into frames, each with the capture time of the unit it came from (decoded pts
 * → the unit's {@code tsUs}; the decoder may reorder). A new session (a camera reconnect: its pts start
 * over, its size may differ) drains the decoder and opens a fresh one at the session's first keyframe.
 * Unreadable units are skipped and counted, never thrown: one damaged record must not lose a clip. One
 * decoder thread. Owned by one thread; {@link #close} frees every native object.
 */
final class UnitDecoder implements AutoCloseable {
  /** Receives a decoded frame, valid only during the call, and its capture time (epoch µs). */
  interface FrameSink {
    void onFrame(AVFrame frame, long tsUs) throws IOException;
  }

  /** {@code AV_FRAME_FLAG_CORRUPT} (libavutil/frame.h), not mapped by the preset. */
  private static final int FRAME_FLAG_CORRUPT = 1;

  private final long fallbackStepUs;
  private final AVRational micros = new AVRational().num(1).den(1_000_000);
  private final Map<Long, Long> captureByPts = new HashMap<>();
  private AVPacket packet = av_packet_alloc();
  private AVFrame frame = av_frame_alloc();
  private AVCodecContext context;
  private String session;
  private boolean waitingForKey = true;
  private long lastTsUs = Long.MIN_VALUE;
  private int damaged;

  /** @param stepUs frame step, to time a frame whose pts the decoder lost */
  UnitDecoder(long stepUs) {
    this.fallbackStepUs = stepUs;
  }

  /** Feeds one unit and passes each frame it completes to {@code sink}. */
  void decode(VideoUnit unit, FrameSink sink) throws IOException {
    if (context == null || !unit.session().equals(session)) {
      drain(sink);
      free();
      session = unit.session();
      waitingForKey = true;
      captureByPts.clear();
    }
    if (waitingForKey) {
      if (!unit.key()) {
        damaged++; // a session's units before its first keyframe cannot be decoded
        return;
      }
      open(unit.codec());
      waitingForKey = false;
    }
    if (!AnnexB.plausible(unit.data(), unit.codec())) {
      damaged++;
      return;
    }
    Av.check(av_new_packet(packet, unit.data().length), "packet allocation");
    int err;
    try {
      packet.data().put(unit.data());
      packet.pts(unit.ptsUs());
      packet.dts(unit.dtsUs());
      packet.flags(unit.key() ? AV_PKT_FLAG_KEY : 0);
      captureByPts.put(unit.ptsUs(), unit.tsUs());
      err = avcodec_send_packet(context, packet);
    } finally {
      av_packet_unref(packet);
    }
    if (err < 0 && err != AVERROR_EAGAIN()) {
      damaged++;
      captureByPts.remove(unit.ptsUs());
    }
    receive(sink);
  }

  /** Returns the frames still held by the decoder (reordering delay); call after the last unit. */
  void finish(FrameSink sink) throws IOException {
    drain(sink);
  }

  /** Units skipped as unreadable plus frames the decoder reported as damaged. */
  int damaged() {
    return damaged;
  }

  private void open(String codecName) throws IOException {
    AVCodec codec = avcodec_find_decoder(VideoUnit.HEVC.equals(codecName) ? AV_CODEC_ID_HEVC : AV_CODEC_ID_H264);
    if (codec == null) {
      throw new IOException("this FFmpeg has no " + codecName + " decoder");
    }
    context = avcodec_alloc_context3(codec);
    context.thread_count(1); // the clip benchmark is per core; clips are built one per thread
    context.pkt_timebase(micros);
    Av.check(avcodec_open2(context, codec, (AVDictionary) null), "open " + codecName + " decoder");
  }

  private void drain(FrameSink sink) throws IOException {
    if (context != null && !waitingForKey) {
      avcodec_send_packet(context, (AVPacket) null);
      receive(sink);
    }
  }

  private void receive(FrameSink sink) throws IOException {
    while (true) {
      int err = avcodec_receive_frame(context, frame);
      if (err == AVERROR_EAGAIN() || err == AVERROR_EOF) {
        return;
      }
      if (err < 0) {
        damaged++;
        return;
      }
      try {
        if (frame.decode_error_flags() != 0 || (frame.flags() & FRAME_FLAG_CORRUPT) != 0) {
          damaged++;
        }
        sink.onFrame(frame, captureTime(frame.best_effort_timestamp()));
      } finally {
        av_frame_unref(frame);
      }
    }
  }

  private long captureTime(long pts) {
    Long ts = pts == AV_NOPTS_VALUE ? null : captureByPts.remove(pts);
    long t = ts != null ? ts : lastTsUs == Long.MIN_VALUE ? 0 : lastTsUs + fallbackStepUs;
    lastTsUs = t;
    return t;
  }

  private void free() {
    if (context != null) {
      avcodec_free_context(context);
      context = null;
    }
  }

  @Override
  public void close() {
    free();
    if (frame != null) {
      av_frame_free(frame);
      frame = null;
    }
    if (packet != null) {
      av_packet_free(packet);
      packet = null;
    }
    micros.close();
  }
}
