package io.vsp.sink.clips;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_MPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;

import java.io.IOException;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * Encodes YUV 4:2:0 frames to H.264 with libopenh264 (the default FFmpeg build has no libx264, NOTES) into
 * an {@link Mp4Muxer}, at a constant frame rate: frame n has pts n. openh264 has no CRF, so the bit rate is
 * set from the picture size ({@link #bitRate}). One encoder thread. Owns one reusable frame that callers fill
 * ({@link #frame}); {@link #close} frees it and the encoder, not the muxer.
 */
final class H264Encoder implements AutoCloseable {
  /** Bits per pixel per frame: plenty for a surveillance scene, and thin boxes keep their colour. */
  static final double BITS_PER_PIXEL = 0.1;
  static final long MIN_BIT_RATE = 500_000;

  private final Mp4Muxer muxer;
  private final AVRational timeBase;
  private AVCodecContext context;
  private AVFrame frame;
  private AVPacket packet = av_packet_alloc();
  private long next;

  /** Colour tags are copied from {@code like} (the first decoded frame); {@code fullRange} tags JPEG range. */
  H264Encoder(Mp4Muxer muxer, int width, int height, FrameRate rate, AVFrame like, boolean fullRange)
      throws IOException {
    this.muxer = muxer;
    AVCodec codec = avcodec_find_encoder_by_name("libopenh264");
    if (codec == null) {
      throw new IOException("this FFmpeg has no libopenh264 encoder");
    }
    timeBase = new AVRational().num(rate.den()).den(rate.num());
    context = avcodec_alloc_context3(codec);
    context.width(width);
    context.height(height);
    context.pix_fmt(AV_PIX_FMT_YUV420P);
    context.time_base(timeBase);
    context.framerate(new AVRational().num(rate.num()).den(rate.den()));
    context.bit_rate(bitRate(width, height, rate.fps()));
    context.gop_size((int) Math.max(1, Math.round(rate.fps() * 2))); // a keyframe every 2 s, for seeking
    context.max_b_frames(0);
    context.thread_count(1);
    context.color_range(fullRange ? AVCOL_RANGE_JPEG : AVCOL_RANGE_MPEG);
    context.colorspace(like.colorspace());
    context.color_primaries(like.color_primaries());
    context.color_trc(like.color_trc());
    if (muxer.wantsGlobalHeader()) {
      context.flags(context.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
    }
    Av.check(avcodec_open2(context, codec, (AVDictionary) null), "open libopenh264 encoder");
    Av.check(avcodec_parameters_from_context(muxer.addStream(timeBase), context), "stream parameters");
    frame = av_frame_alloc();
    frame.format(AV_PIX_FMT_YUV420P);
    frame.width(width);
    frame.height(height);
    Av.check(av_frame_get_buffer(frame, 0), "frame buffer");
  }

  /** openh264's target bit rate: {@link #BITS_PER_PIXEL} per pixel and frame, at least {@link #MIN_BIT_RATE}. */
  static long bitRate(int width, int height, double fps) {
    return Math.max(MIN_BIT_RATE, Math.round(BITS_PER_PIXEL * width * height * fps));
  }

  /** The frame to fill next, writable (unshared with the encoder); valid until the next {@link #encode}. */
  AVFrame frame() throws IOException {
    Av.check(av_frame_make_writable(frame), "frame writable");
    return frame;
  }

  /** Encodes {@link #frame} as the next frame. */
  void encode() throws IOException {
    frame.pts(next++);
    Av.check(avcodec_send_frame(context, frame), "encode frame " + (next - 1));
    receive();
  }

  /** Encodes what the encoder still holds; call once, after the last frame. */
  void flush() throws IOException {
    Av.check(avcodec_send_frame(context, null), "flush encoder");
    receive();
  }

  private void receive() throws IOException {
    while (true) {
      int err = avcodec_receive_packet(context, packet);
      if (err == AVERROR_EAGAIN() || err == AVERROR_EOF) {
        return;
      }
      Av.check(err, "encoder output");
      try {
        packet.duration(1);
        av_packet_rescale_ts(packet, timeBase, muxer.timeBase());
        muxer.write(packet);
      } finally {
        av_packet_unref(packet);
      }
    }
  }

  @Override
  public void close() {
    if (context != null) {
      avcodec_free_context(context);
      context = null;
    }
    if (frame != null) {
      av_frame_free(frame);
      frame = null;
    }
    if (packet != null) {
      av_packet_free(packet);
      packet = null;
    }
    timeBase.close();
  }
}
