package io.vsp.ingest.frames;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import io.vsp.ingest.camera.FFmpeg;
import io.vsp.ingest.video.AccessUnitAssembler;
import java.io.IOException;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * Decodes the packets of one stream into raw frames with FFmpeg's software decoder. Every packet must
 * be decoded (later frames reference earlier ones) even though only sampled frames are used. Owned by
 * the camera's reader thread.
 */
public final class FrameDecoder implements AutoCloseable {
  /** Receives decoded frames; {@code frame} is valid only during the call. */
  public interface FrameHandler {
    void onFrame(AVFrame frame, long ptsUs) throws IOException;
  }

  private final AVRational timeBase;
  private AVCodecContext context;
  private AVFrame frame;

  /** @param threads decoder threads; 1 keeps latency lowest for a live camera */
  public FrameDecoder(AVStream stream, int threads) throws IOException {
    AVCodec codec = avcodec_find_decoder(stream.codecpar().codec_id());
    if (codec == null) {
      throw new IOException("no decoder for codec " + stream.codecpar().codec_id());
    }
    context = avcodec_alloc_context3(codec);
    check(avcodec_parameters_to_context(context, stream.codecpar()), "decoder parameters");
    context.thread_count(threads);
    context.pkt_timebase(stream.time_base());
    check(avcodec_open2(context, codec, (AVDictionary) null), "decoder open");
    timeBase = stream.time_base();
    frame = av_frame_alloc();
  }

  /**
   * Feeds one packet and passes every frame it completes to {@code handler}.
   *
   * @return false when the decoder rejected the packet as corrupt (the caller counts it and goes on)
   */
  public boolean decode(AVPacket packet, FrameHandler handler) throws IOException {
    int err = avcodec_send_packet(context, packet);
    boolean accepted = err >= 0 || err == AVERROR_EAGAIN();
    while (true) {
      err = avcodec_receive_frame(context, frame);
      if (err == AVERROR_EAGAIN() || err == AVERROR_EOF) {
        return accepted;
      }
      if (err < 0) {
        return false;
      }
      try {
        long ptsUs = FFmpeg.micros(frame.best_effort_timestamp(), timeBase);
        if (ptsUs != AccessUnitAssembler.NO_TS) {
          handler.onFrame(frame, ptsUs);
        }
      } finally {
        av_frame_unref(frame);
      }
    }
  }

  @Override
  public void close() {
    if (frame != null) {
      av_frame_free(frame);
      frame = null;
    }
    if (context != null) {
      avcodec_free_context(context);
      context = null;
    }
  }

  private static void check(int err, String what) throws IOException {
    if (err < 0) {
      throw new IOException(what + ": " + FFmpeg.error(err));
    }
  }
}
