package io.vsp.sink.clips;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR_444;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * An event's snapshot (SPEC §6): the JPEG of its best frame with the box, label, score and track id drawn
 * as in clips ({@link BoxStyle}), re-encoded at quality 90 without chroma subsampling (4:4:4, so thin lines
 * keep their colour) and written atomically. Every native object lives only within the call.
 */
public final class SnapshotWriter {
  static final int QUALITY = 90;

  private SnapshotWriter() {}

  /**
   * Decodes the JPEG, draws box+label+score+track id, encodes JPEG, writes atomically to target.
   *
   * @param box x1, y1, x2, y2 as fractions of the image
   * @throws IOException when {@code jpeg} is not an image, or on I/O failure (the target is then unchanged)
   */
  public static void write(byte[] jpeg, double[] box, String label, double score, long track, Path target)
      throws IOException {
    if (box == null || box.length != 4) {
      throw new IllegalArgumentException("box must be x1, y1, x2, y2, not " + java.util.Arrays.toString(box));
    }
    byte[] out;
    try (Mat encoded = new Mat(1, jpeg.length, org.bytedeco.opencv.global.opencv_core.CV_8UC1, new BytePointer(jpeg));
         Mat bgr = imdecode(encoded, IMREAD_COLOR)) {
      if (bgr == null || bgr.empty()) {
        throw new IOException("snapshot for " + target.getFileName() + ": the frame is not a readable JPEG ("
            + jpeg.length + " bytes)");
      }
      try (BgrCanvas canvas = new BgrCanvas(bgr)) {
        new BoxPainter().paint(canvas, box, label, score, track);
      }
      try (IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, QUALITY, IMWRITE_JPEG_SAMPLING_FACTOR,
          IMWRITE_JPEG_SAMPLING_FACTOR_444);
           BytePointer buf = new BytePointer()) {
        if (!imencode(".jpg", bgr, buf, params)) {
          throw new IOException("snapshot for " + target.getFileName() + ": JPEG encoding failed");
        }
        out = new byte[(int) buf.limit()];
        buf.get(out);
      }
    }
    byte[] data = out;
    AtomicFile.write(target, temp -> Files.write(temp, data));
  }
}
