package io.vsp.detector.preprocess;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.split;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.vsp.detector.engine.InputBatch;
import io.vsp.detector.engine.InputType;
import io.vsp.detector.engine.ModelContract;
import java.nio.ByteBuffer;
import java.util.function.IntSupplier;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * JPEG bytes → YOLO-NAS letterbox (longest side to {@code input.resize}, centred in the model input with
 * {@code padValue}), RGB, written straight into an engine's input slot as planar CHW: float 0..1 or
 * uint8. One per thread: it holds OpenCV scratch images, reused from frame to frame.
 *
 * <p>A JPEG whose longest side is at least 2× (4×, 8×) {@code input.resize} is decoded at half (a quarter,
 * an eighth) of its size by libjpeg's DCT scaling ({@code IMREAD_REDUCED_COLOR_*}), which skips most of the
 * decoding work; the letterbox is made from the decoded size, and boxes map back as fractions of the frame,
 * which the scale does not change.
 *
 * <p>Instead of {@code copyMakeBorder} into another image, the border of each output plane is filled
 * with the pad value and the resized frame is split into the centre of the planes, BGR to RGB in the same
 * pass, straight over the slot memory. A slot that still holds the same border from its previous image
 * (same camera geometry) gets the image only: the border is up to half the bytes of a slot.
 */
public final class Preprocessor implements AutoCloseable {
  private final int width;
  private final int height;
  private final int resize;
  private final int padValue;
  private final InputType inputType;
  private final boolean reducedDecode;
  private final Mat decoded = new Mat();
  private final Mat resized = new Mat();
  private final Mat[] channels = {new Mat(), new Mat(), new Mat()};
  private BytePointer encoded = new BytePointer(256 * 1024);
  private boolean closed;

  /**
   * @param resize longest side of the frame inside the input, at most the input's width and height
   * @param padValue grey level of the padding, 0..255 (uint8 inputs get it as is, float ones /255)
   */
  public Preprocessor(ModelContract contract, int resize, int padValue) {
    this(contract, resize, padValue, true);
  }

  /** @param reducedDecode decode large JPEGs at a reduced scale (see the class comment); off only to compare */
  public Preprocessor(ModelContract contract, int resize, int padValue, boolean reducedDecode) {
    if (resize < 1 || resize > Math.min(contract.width(), contract.height())) {
      throw new IllegalArgumentException("resize " + resize + " must be 1.." + Math.min(contract.width(),
          contract.height()));
    }
    if (padValue < 0 || padValue > 255) {
      throw new IllegalArgumentException("padValue must be 0..255 (got " + padValue + ")");
    }
    this.width = contract.width();
    this.height = contract.height();
    this.resize = resize;
    this.padValue = padValue;
    this.inputType = contract.inputType();
    this.reducedDecode = reducedDecode;
  }

  /**
   * Decodes {@code jpeg} and writes its letterbox into {@code slot} ({@code 3*H*W} elements of the
   * contract's input type, direct), border included.
   *
   * @return where the frame landed in the input, to map boxes back
   * @throws CorruptFrameException when the bytes are not a decodable image
   */
  public Letterbox prepare(byte[] jpeg, ByteBuffer slot) throws CorruptFrameException {
    checkOpen();
    decode(jpeg);
    Letterbox box = Letterbox.fit(decoded.cols(), decoded.rows(), resize, width, height);
    write(box, slot, true);
    return box;
  }

  /**
   * As {@link #prepare(byte[], ByteBuffer)}, into the slot of {@code input} that {@code claimSlot} names once
   * the image decoded, so an undecodable frame takes no slot (parallel preprocessing fills a batch's slots
   * without holes); the border is left as it is when the slot still holds the same one.
   */
  public Letterbox prepare(byte[] jpeg, InputBatch input, IntSupplier claimSlot) throws CorruptFrameException {
    checkOpen();
    decode(jpeg);
    Letterbox box = Letterbox.fit(decoded.cols(), decoded.rows(), resize, width, height);
    int index = claimSlot.getAsInt();
    Border border = new Border(box.resizedWidth(), box.resizedHeight(), box.padX(), box.padY(), padValue);
    boolean padded = !input.holdsBorder(index, border);
    write(box, input.slot(index), padded);
    if (padded) {
      input.borderWritten(index, border);
    }
    return box;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("preprocessor is closed");
    }
  }

  /** Resizes the decoded image into the slot's planes, RGB, and fills the border around it if asked. */
  private void write(Letterbox box, ByteBuffer slot, boolean padded) {
    long planeBytes = (long) width * height * inputType.bytes();
    if (!slot.isDirect() || slot.remaining() != 3 * planeBytes) {
      throw new IllegalArgumentException("slot must be a direct buffer of " + 3 * planeBytes + " bytes (got "
          + slot.remaining() + (slot.isDirect() ? "" : ", heap") + ")");
    }
    try (PointerScope scope = new PointerScope()) {
      resize(decoded, resized, new Size(box.resizedWidth(), box.resizedHeight()), 0, 0, INTER_LINEAR);
      boolean floats = inputType == InputType.FLOAT32;
      BytePointer base = new BytePointer(slot);
      Rect content = new Rect(box.padX(), box.padY(), box.resizedWidth(), box.resizedHeight());
      Mat[] frame = new Mat[3];
      for (int c = 0; c < 3; c++) {
        BytePointer plane = new BytePointer(base).position(base.position() + c * planeBytes);
        Mat whole = new Mat(height, width, floats ? CV_32FC1 : CV_8UC1, plane);
        if (padded) {
          pad(whole, box, floats ? padValue / 255.0 : padValue);
        }
        frame[c] = whole.apply(content);
      }
      // split writes B, G, R in turn: hand it the R, G, B planes backwards to swap to RGB in the same pass.
      if (floats) {
        // Split to uint8 planes first, then widen each straight into the slot: less memory traffic than
        // widening the interleaved image and splitting floats. split writes into the planes as they are
        // only when they already have the size: it would allocate others, out of our reach, otherwise.
        for (Mat channel : channels) {
          channel.create(box.resizedHeight(), box.resizedWidth(), CV_8UC1);
        }
        split(resized, new MatVector(channels));
        for (int c = 0; c < 3; c++) {
          channels[2 - c].convertTo(frame[c], CV_32F, 1 / 255.0, 0);
        }
      } else {
        split(resized, new MatVector(frame[2], frame[1], frame[0]));
      }
    }
  }

  /** The padding a letterbox leaves around the image: equal ones write the same bytes. */
  private record Border(int width, int height, int padX, int padY, int value) {}

  /** Fills the border around the frame's place with the pad value; the frame itself is written next. */
  private void pad(Mat plane, Letterbox box, double value) {
    int right = box.padX() + box.resizedWidth();
    int bottom = box.padY() + box.resizedHeight();
    fill(plane, 0, 0, width, box.padY(), value);
    fill(plane, 0, bottom, width, height - bottom, value);
    fill(plane, 0, box.padY(), box.padX(), box.resizedHeight(), value);
    fill(plane, right, box.padY(), width - right, box.resizedHeight(), value);
  }

  private static void fill(Mat plane, int x, int y, int w, int h, double value) {
    if (w > 0 && h > 0) {
      plane.apply(new Rect(x, y, w, h)).put(new Scalar(value));
    }
  }

  private void decode(byte[] jpeg) throws CorruptFrameException {
    if (jpeg == null || jpeg.length == 0) {
      throw new CorruptFrameException("empty frame");
    }
    if (encoded.capacity() < jpeg.length) {
      encoded.close();
      encoded = new BytePointer(Math.max(jpeg.length, 2 * encoded.capacity()));
    }
    encoded.position(0).put(jpeg, 0, jpeg.length);
    // A failed imdecode leaves its output untouched: drop the last frame so it cannot pass for this one.
    decoded.release();
    try (PointerScope scope = new PointerScope()) {
      imdecode(new Mat(1, jpeg.length, CV_8UC1, encoded), readMode(jpeg), decoded);
    } catch (RuntimeException e) {
      throw new CorruptFrameException("undecodable image (" + jpeg.length + " bytes): " + e.getMessage(), e);
    }
    if (decoded.empty() || decoded.channels() != 3) {
      throw new CorruptFrameException("not a decodable image (" + jpeg.length + " bytes)");
    }
  }

  /** Full colour, or a reduced scale when the JPEG header says the frame is large enough for one. */
  private int readMode(byte[] jpeg) {
    JpegSize size = reducedDecode ? JpegSize.read(jpeg) : null;
    return switch (size == null ? 1 : size.reduction(resize)) {
      case 8 -> IMREAD_REDUCED_COLOR_8;
      case 4 -> IMREAD_REDUCED_COLOR_4;
      case 2 -> IMREAD_REDUCED_COLOR_2;
      default -> IMREAD_COLOR;
    };
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    decoded.close();
    resized.close();
    for (Mat channel : channels) {
      channel.close();
    }
    encoded.close();
  }
}
