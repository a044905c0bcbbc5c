package io.vsp.app.demo;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_BITEXACT;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_GLOBALHEADER;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_close;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_PRI_SMPTE170M;
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

import io.vsp.ingest.camera.FFmpeg;
import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/**
 * Encodes planar YUV 4:2:0 frames with libopenh264 (the only H.264 encoder of the bytedeco FFmpeg build)
 * into an MP4 that browsers and the ingest's demuxer read: constant frame rate, no B-frames, an IDR
 * exactly every {@code gop} frames, {@code moov} first ({@code +faststart}), and no version strings or
 * times in the file, so the same frames give the same bytes. Owns every FFmpeg handle it allocates and
 * frees them in {@link #close()}; one thread at a time.
 */
final class H264Mp4Writer implements AutoCloseable {

  private static final String ENCODER = "libopenh264";

  private final int width;
  private final int height;
  private final int gop;
  private AVFormatContext format;
  private AVCodecContext codec;
  private AVStream stream;
  private AVFrame frame;
  private AVPacket packet;
  private long framesWritten;

  /** Opens {@code file} for writing; {@link #finish()} completes it. */
  H264Mp4Writer(Path file, int width, int height, int fps, int gop) throws IOException {
    FFmpeg.init();
    this.width = width;
    this.height = height;
    this.gop = gop;
    try {
      open("file:" + file.toAbsolutePath(), fps);
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Encodes one frame (planes {@code width}, {@code width / 2}, {@code width / 2} bytes per row). The
   * encoder copies the pixels: the arrays may be reused at once.
   */
  void write(byte[] y, byte[] u, byte[] v) throws IOException {
    check(av_frame_make_writable(frame), "frame buffer");
    copyPlane(y, width, height, frame.data(0), frame.linesize(0));
    copyPlane(u, width / 2, height / 2, frame.data(1), frame.linesize(1));
    copyPlane(v, width / 2, height / 2, frame.data(2), frame.linesize(2));
    frame.pts(framesWritten);
    // gop_size alone leaves the IDR cadence to openh264; forcing it makes "exactly every gop" explicit
    frame.pict_type(framesWritten % gop == 0 ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
    check(avcodec_send_frame(codec, frame), "encode");
    drain();
    framesWritten++;
  }

  /** Flushes the encoder and writes the index ({@code moov}, moved to the front). */
  void finish() throws IOException {
    check(avcodec_send_frame(codec, null), "encoder flush");
    drain();
    check(av_write_trailer(format), "mp4 trailer");
  }

  @Override
  public void close() {
    if (format != null && !format.isNull()) {
      if (format.pb() != null) {
        avio_close(format.pb());
        format.pb(null);
      }
      avformat_free_context(format);
    }
    format = null;
    if (codec != null) {
      avcodec_free_context(codec);
      codec = null;
    }
    if (frame != null) {
      av_frame_free(frame);
      frame = null;
    }
    if (packet != null) {
      av_packet_free(packet);
      packet = null;
    }
  }

  private void open(String url, int fps) throws IOException {
    AVCodec encoder = avcodec_find_encoder_by_name(ENCODER);
    if (encoder == null) {
      throw new IOException("FFmpeg has no " + ENCODER + " encoder");
    }
    format = new AVFormatContext(null);
    check(avformat_alloc_output_context2(format, null, "mp4", url), "mp4 muxer");

    codec = avcodec_alloc_context3(encoder);
    codec.width(width).height(height).pix_fmt(AV_PIX_FMT_YUV420P)
        .time_base(av_make_q(1, fps)).framerate(av_make_q(fps, 1))
        .gop_size(gop).max_b_frames(0)
        .bit_rate(bitRate(width, height, fps))
        .thread_count(1) // one thread: output independent of scheduling, and the machine is shared
        .color_range(AVCOL_RANGE_MPEG).colorspace(AVCOL_SPC_SMPTE170M)
        .color_primaries(AVCOL_PRI_SMPTE170M).color_trc(AVCOL_TRC_SMPTE170M);
    codec.flags(codec.flags() | AV_CODEC_FLAG_BITEXACT);
    if ((format.oformat().flags() & AVFMT_GLOBALHEADER) != 0) {
      codec.flags(codec.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
    }
    AVDictionary encoderOptions = new AVDictionary(null);
    av_dict_set(encoderOptions, "allow_skip_frames", "0", 0); // constant frame rate: never drop a frame
    try {
      check(avcodec_open2(codec, encoder, encoderOptions), ENCODER + " open");
    } finally {
      av_dict_free(encoderOptions);
    }

    stream = avformat_new_stream(format, null);
    if (stream == null) {
      throw new IOException("cannot add a stream to the mp4 muxer");
    }
    check(avcodec_parameters_from_context(stream.codecpar(), codec), "stream parameters");
    stream.time_base(codec.time_base());
    stream.avg_frame_rate(av_make_q(fps, 1));
    stream.r_frame_rate(av_make_q(fps, 1));

    AVIOContext io = new AVIOContext(null);
    check(avio_open(io, url, AVIO_FLAG_WRITE), "open " + url);
    format.pb(io);
    AVDictionary muxerOptions = new AVDictionary(null);
    av_dict_set(muxerOptions, "movflags", "+faststart", 0);
    av_dict_set(muxerOptions, "fflags", "+bitexact", 0); // no "Lavf" version string in the file
    try {
      check(avformat_write_header(format, muxerOptions), "mp4 header");
    } finally {
      av_dict_free(muxerOptions);
    }

    frame = av_frame_alloc();
    frame.format(AV_PIX_FMT_YUV420P).width(width).height(height);
    check(av_frame_get_buffer(frame, 0), "frame buffer");
    packet = av_packet_alloc();
  }

  /** About 0.1 bit per pixel: the static textured background costs bits in keyframes only. */
  static long bitRate(int width, int height, int fps) {
    return Math.max(200_000L, (long) width * height * fps / 10);
  }

  private void drain() throws IOException {
    while (true) {
      int err = avcodec_receive_packet(codec, packet);
      if (err == AVERROR_EAGAIN() || err == AVERROR_EOF) {
        return;
      }
      check(err, "encode");
      packet.stream_index(stream.index());
      av_packet_rescale_ts(packet, codec.time_base(), stream.time_base());
      check(av_interleaved_write_frame(format, packet), "mp4 write"); // takes the packet's data
    }
  }

  private static void copyPlane(byte[] src, int rowBytes, int rows, BytePointer dst, int linesize) {
    if (linesize == rowBytes) {
      dst.position(0).put(src, 0, rowBytes * rows);
      return;
    }
    for (int row = 0; row < rows; row++) {
      dst.position((long) row * linesize).put(src, row * rowBytes, rowBytes);
    }
  }

  private static void check(int err, String what) throws IOException {
    if (err < 0) {
      throw new IOException(what + ": " + FFmpeg.error(err));
    }
  }
}
