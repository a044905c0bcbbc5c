package io.vsp.ingest.frames;

import static org.bytedeco.ffmpeg.global.swscale.SWS_AREA;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Turns a decoded frame into a JPEG no wider than {@code maxWidth}: one swscale pass (area filter, which
 * avoids aliasing when shrinking) straight into an OpenCV BGR matrix, then libjpeg-turbo through
 * OpenCV's {@code imencode} at the configured quality. Owned by the camera's JPEG thread.
 *
 * <p>The BGR matrix (0.7 MB at 640x360) lives only during {@link #encode}: a camera encodes a couple of
 * frames a second for a few milliseconds each, so a matrix kept per camera would be idle memory most of the
 * time, and with many cameras it was a good part of each camera's resident memory (BENCHMARKS.md, "Ingest
 * memory"). The freed block is reused by the next encode, of this camera or another.
 */
public final class JpegEncoder implements AutoCloseable {
  /** An encoded image and its size. */
  public record Jpeg(byte[] data, int width, int height) {}

  private final int maxWidth;
  private final IntPointer params;
  private SwsContext sws;
  private final PointerPointer<?> dstData = new PointerPointer<>(4);
  private final IntPointer dstStride = new IntPointer(4);

  public JpegEncoder(int maxWidth, int quality) {
    this.maxWidth = maxWidth;
    this.params = new IntPointer(IMWRITE_JPEG_QUALITY, quality);
  }

  /** Output size for a source size: width capped at maxWidth, aspect ratio kept (rounded). */
  public static int[] targetSize(int srcWidth, int srcHeight, int maxWidth) {
    int w = Math.min(srcWidth, maxWidth);
    int h = (int) Math.max(1, Math.round((double) srcHeight * w / srcWidth));
    return new int[] {w, h};
  }

  public Jpeg encode(AVFrame frame) {
    int srcW = frame.width();
    int srcH = frame.height();
    int[] size = targetSize(srcW, srcH, maxWidth);
    int w = size[0];
    int h = size[1];
    sws = sws_getCachedContext(sws, srcW, srcH, frame.format(), w, h, avutil.AV_PIX_FMT_BGR24,
        SWS_AREA, null, null, (DoublePointer) null);
    if (sws == null) {
      throw new IllegalStateException("swscale cannot convert pixel format " + frame.format());
    }
    try (Mat bgr = new Mat(h, w, CV_8UC3); BytePointer out = new BytePointer()) {
      dstData.put(0, bgr.data());
      dstStride.put(0, w * 3);
      sws_scale(sws, frame.data(), frame.linesize(), 0, srcH, dstData, dstStride);
      if (!imencode(".jpg", bgr, out, params)) {
        throw new IllegalStateException("JPEG encoding failed");
      }
      byte[] data = new byte[(int) out.limit()];
      out.get(data);
      return new Jpeg(data, w, h);
    }
  }

  @Override
  public void close() {
    if (sws != null) {
      sws_freeContext(sws);
      sws = null;
    }
    params.close();
    dstData.close();
    dstStride.close();
  }
}
