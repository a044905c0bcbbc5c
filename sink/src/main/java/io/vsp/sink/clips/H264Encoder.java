package io.vsp.sink.clips;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_BITEXACT;
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
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_PRI_SMPTE170M;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_MPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_SMPTE170M;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_TRC_SMPTE170M;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_I;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_NONE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * Encodes YUV 4:2:0 frames to H.264 with libopenh264 (the default FFmpeg build has no libx264, NOTES) into an
 * MP4 file ({@link Mp4Muxer}, {@code +faststart}), at a constant frame rate: frame n has pts n, no frame is
 * skipped, no B-frames. openh264 has no CRF, so the caller sets the bit rate ({@link #bitRate} for clips).
 * Serves the clips and the demo's scene video ({@code io.vsp.app.demo.SceneVideo}). One encoder thread; owned
 * by one thread. Owns one reusable frame that callers fill ({@link #frame}); {@link #close} frees it, the
 * encoder and the muxer.
 */
public final class H264Encoder implements AutoCloseable {
  /** Bits per pixel per frame: plenty for a surveillance scene, and thin boxes keep their colour. */
  static final double BITS_PER_PIXEL = 0.1;
  static final long MIN_BIT_RATE = 500_000;

  /**
   * What to encode: picture size, the constant frame rate {@code fpsNum/fpsDen}, openh264's target bit rate,
   * and a keyframe every {@code gop} frames: left to openh264's cadence, or, with {@code forceKeyframes}, forced
   * on exactly frames 0, gop, 2 gop… {@code bitexact} leaves version strings out of the stream and the file, so
   * the same frames give the same bytes.
   */
  public record Settings(int width, int height, int fpsNum, int fpsDen, long bitRate, int gop,
      boolean forceKeyframes, Colour colour, boolean bitexact) {
    public Settings {
      if (width <= 0 || height <= 0 || fpsNum <= 0 || fpsDen <= 0 || bitRate <= 0 || gop <= 0 || colour == null) {
        throw new IllegalArgumentException("invalid H.264 settings " + width + "x" + height + " at " + fpsNum + "/"
            + fpsDen + " fps, " + bitRate + " bit/s, gop " + gop + ", colour " + colour);
      }
    }
  }

  /** Colour tags for the stream (FFmpeg's {@code AVCOL_*} values); they describe the pixels, never convert them. */
  public record Colour(int range, int space, int primaries, int trc) {
    /** BT.601 (SMPTE 170M), limited range. */
    public static final Colour BT601 =
        new Colour(AVCOL_RANGE_MPEG, AVCOL_SPC_SMPTE170M, AVCOL_PRI_SMPTE170M, AVCOL_TRC_SMPTE170M);

    /** The tags of a decoded frame; {@code fullRange} tags JPEG range. */
    static Colour of(AVFrame like, boolean fullRange) {
      return new Colour(fullRange ? AVCOL_RANGE_JPEG : AVCOL_RANGE_MPEG, like.colorspace(), like.color_primaries(),
          like.color_trc());
    }
  }

  private final Mp4Muxer muxer;
  private final AVRational timeBase;
  private final int forcedGop;
  private AVCodecContext context;
  private AVFrame frame;
  private AVPacket packet = av_packet_alloc();
  private long next;

  /** Opens {@code file} for writing (replacing it); {@link #finish} completes it. */
  public H264Encoder(Path file, Settings settings) throws IOException {
    timeBase = new AVRational().num(settings.fpsDen()).den(settings.fpsNum());
    forcedGop = settings.forceKeyframes() ? settings.gop() : 0;
    muxer = new Mp4Muxer(file, settings.bitexact());
    try {
      open(settings);
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private void open(Settings settings) throws IOException {
    AVCodec codec = avcodec_find_encoder_by_name("libopenh264");
    if (codec == null) {
      throw new IOException("this FFmpeg has no libopenh264 encoder");
    }
    context = avcodec_alloc_context3(codec);
    context.width(settings.width());
    context.height(settings.height());
    context.pix_fmt(AV_PIX_FMT_YUV420P);
    context.time_base(timeBase);
    context.framerate(av_make_q(settings.fpsNum(), settings.fpsDen()));
    context.bit_rate(settings.bitRate());
    context.gop_size(settings.gop());
    context.max_b_frames(0);
    context.thread_count(1); // output independent of scheduling, and one core per clip
    context.color_range(settings.colour().range());
    context.colorspace(settings.colour().space());
    context.color_primaries(settings.colour().primaries());
    context.color_trc(settings.colour().trc());
    if (settings.bitexact()) {
      context.flags(context.flags() | AV_CODEC_FLAG_BITEXACT);
    }
    if (muxer.wantsGlobalHeader()) {
      context.flags(context.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
    }
    AVDictionary options = new AVDictionary(null);
    try {
      av_dict_set(options, "allow_skip_frames", "0", 0); // constant frame rate: never drop a frame
      Av.check(avcodec_open2(context, codec, options), "open libopenh264 encoder");
    } finally {
      av_dict_free(options);
    }
    Av.check(avcodec_parameters_from_context(muxer.addStream(timeBase), context), "stream parameters");
    muxer.frameRate(context.framerate());
    frame = av_frame_alloc();
    frame.format(AV_PIX_FMT_YUV420P);
    frame.width(settings.width());
    frame.height(settings.height());
    Av.check(av_frame_get_buffer(frame, 0), "frame buffer");
    muxer.start();
  }

  /**
   * openh264's target bit rate for a clip: {@link #BITS_PER_PIXEL} per pixel and frame, at least
   * {@link #MIN_BIT_RATE}.
   */
  static long bitRate(int width, int height, double fps) {
    return Math.max(MIN_BIT_RATE, Math.round(BITS_PER_PIXEL * width * height * fps));
  }

  /**
   * The frame to fill next (yuv420p, the settings' size), writable (unshared with the encoder); valid until the
   * next {@link #encode}. Owned by this encoder: callers write its planes, never free it.
   */
  public AVFrame frame() throws IOException {
    Av.check(av_frame_make_writable(frame), "frame writable");
    return frame;
  }

  /** Encodes {@link #frame} as the next frame. */
  public void encode() throws IOException {
    if (forcedGop > 0) {
      // gop_size alone leaves the IDR cadence to openh264; forcing it makes "exactly every gop" explicit
      frame.pict_type(next % forcedGop == 0 ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
    }
    frame.pts(next++);
    Av.check(avcodec_send_frame(context, frame), "encode frame " + (next - 1));
    receive();
  }

  /** Encodes what the encoder still holds and writes the MP4 index (moved to the front); call once, at the end. */
  public void finish() throws IOException {
    Av.check(avcodec_send_frame(context, null), "flush encoder");
    receive();
    muxer.finish();
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

  /** Frees the frame, the encoder and the muxer (leaving an unfinished file as it is). Idempotent. */
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
    muxer.close();
    timeBase.close();
  }
}
