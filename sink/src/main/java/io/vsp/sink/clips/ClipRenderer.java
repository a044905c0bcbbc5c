package io.vsp.sink.clips;

import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_BT709;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_copy;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;

/**
 * One annotated clip's pass: each decoded frame is copied into the encoder's frame (converted by swscale
 * only when its format or size differs from the clip's, e.g. after a reconnect at another resolution), the
 * box drawn into its YUV planes, and encoded. The clip's size is the first frame's (rounded down to even, as
 * 4:2:0 needs). Owned by the clip's thread; {@link #close} frees every native object it made.
 */
final class ClipRenderer implements UnitDecoder.FrameSink, AutoCloseable {
  private final Path file;
  private final FrameRate rate;
  private final long fromUs;
  private final Annotation annotation;
  private final BoxPath path;
  private final BoxPainter painter = new BoxPainter();
  private final Yuv420Canvas canvas = new Yuv420Canvas();
  private H264Encoder encoder;
  private SwsContext sws;
  private boolean bt709;
  private boolean fullRange;
  private int width;
  private int height;
  private int frames;
  private long firstTsUs;
  private long lastTsUs;

  /**
   * @param fromUs frames captured before this are dropped (decoded only to reach it from a keyframe)
   * @param annotation what to draw, or null for nothing
   */
  ClipRenderer(Path file, FrameRate rate, long fromUs, Annotation annotation) {
    this.file = file;
    this.rate = rate;
    this.fromUs = fromUs;
    this.annotation = annotation;
    this.path = annotation == null ? null : BoxPath.of(annotation.path());
  }

  @Override
  public void onFrame(AVFrame decoded, long tsUs) throws IOException {
    if (tsUs < fromUs) {
      return;
    }
    if (encoder == null) {
      start(decoded);
    }
    AVFrame out = encoder.frame();
    if (decoded.format() == AV_PIX_FMT_YUV420P && decoded.width() == width && decoded.height() == height) {
      Av.check(av_frame_copy(out, decoded), "frame copy");
    } else {
      sws = sws_getCachedContext(sws, decoded.width(), decoded.height(), decoded.format(), width, height,
          AV_PIX_FMT_YUV420P, SWS_BILINEAR, null, null, (DoublePointer) null);
      if (sws == null) {
        throw new IOException("swscale cannot convert pixel format " + decoded.format() + " to yuv420p");
      }
      sws_scale(sws, decoded.data(), decoded.linesize(), 0, decoded.height(), out.data(), out.linesize());
    }
    BoxPath.Placed placed = path == null ? null : path.at(tsUs);
    if (placed != null) {
      canvas.wrap(out, bt709, fullRange);
      painter.paint(canvas, placed.box(), annotation.label(), placed.score(), annotation.track());
    }
    encoder.encode();
    if (frames++ == 0) {
      firstTsUs = tsUs;
    }
    lastTsUs = tsUs;
  }

  private void start(AVFrame first) throws IOException {
    width = first.width() & ~1;
    height = first.height() & ~1;
    if (width == 0 || height == 0) {
      throw new IOException("decoded frame too small: " + first.width() + "x" + first.height());
    }
    bt709 = first.colorspace() == AVCOL_SPC_BT709;
    // yuvj420p goes through swscale into limited-range yuv420p; yuv420p flagged full range is copied as is
    fullRange = first.format() == AV_PIX_FMT_YUV420P && first.color_range() == AVCOL_RANGE_JPEG;
    long bitRate = H264Encoder.bitRate(width, height, rate.fps());
    int gop = (int) Math.max(1, Math.round(rate.fps() * 2)); // a keyframe every 2 s, for seeking
    encoder = new H264Encoder(file, new H264Encoder.Settings(width, height, rate.num(), rate.den(), bitRate, gop,
        false, H264Encoder.Colour.of(first, fullRange), false));
  }

  /** Flushes the encoder and writes the MP4 index; fails when no frame was decoded at all. */
  void finish(int units) throws IOException {
    if (encoder == null) {
      throw new IOException("no frame at or after the clip's start could be decoded from " + units + " video units");
    }
    encoder.finish();
  }

  int frames() {
    return frames;
  }

  int width() {
    return width;
  }

  int height() {
    return height;
  }

  long firstTsUs() {
    return firstTsUs;
  }

  long lastTsUs() {
    return lastTsUs;
  }

  @Override
  public void close() {
    if (encoder != null) {
      encoder.close();
    }
    canvas.close();
    if (sws != null) {
      sws_freeContext(sws);
      sws = null;
    }
  }
}
