package io.vsp.sink.clips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotWriterTest {
  static final int W = 1280;
  static final int H = 720;
  static final double[] BOX = {0.10, 0.20, 0.35, 0.60};

  @TempDir
  Path dir;

  @Test
  void snapshotShowsTheBoxColourAtItsEdges() throws Exception {
    Path target = dir.resolve("lobby-3-98765.jpg");

    SnapshotWriter.write(redRectangleJpeg(), BOX, "person", 0.91, 17, target);

    int[][] px = pixels(Files.readAllBytes(target), new int[][] {
        {(int) Math.round(BOX[0] * W) - 1, (int) Math.round((BOX[1] + BOX[3]) / 2 * H)},
        {(int) Math.round(BOX[2] * W) - 1, (int) Math.round((BOX[1] + BOX[3]) / 2 * H)},
        {(int) Math.round((BOX[0] + BOX[2]) / 2 * W), (int) Math.round(BOX[1] * H) - 1},
        {(int) Math.round((BOX[0] + BOX[2]) / 2 * W), (int) Math.round((BOX[1] + BOX[3]) / 2 * H)}});
    int[] colour = BoxStyle.rgb("person");
    for (int i = 0; i < 3; i++) {
      assertThat(ClipBuilderTest.near(px[i], colour)).as("edge %d pixel %s", i, ClipBuilderTest.str(px[i])).isTrue();
    }
    assertThat(px[3][0]).as("the object inside stays red").isGreaterThan(200);
    assertThat(px[3][1]).isLessThan(60);
  }

  @Test
  void writesAtomicallyOverAnOldSnapshotAndLeavesNoTempFile() throws Exception {
    Path target = dir.resolve("snap.jpg");
    Files.writeString(target, "old");

    SnapshotWriter.write(redRectangleJpeg(), BOX, "car", 0.5, 2, target);

    assertThat(Files.readAllBytes(target)).startsWith((byte) 0xff, (byte) 0xd8);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("snap.jpg");
    }
  }

  @Test
  void unreadableJpegFailsAndWritesNothing() {
    Path target = dir.resolve("snap.jpg");
    assertThatThrownBy(() -> SnapshotWriter.write(new byte[] {1, 2, 3}, BOX, "car", 0.5, 2, target))
        .isInstanceOf(IOException.class)
        .hasMessage("snapshot for snap.jpg: the frame is not a readable JPEG (3 bytes)");
    assertThat(dir).isEmptyDirectory();
  }

  /** Grey 1280×720 with a pure red rectangle exactly where {@link #BOX} is. */
  static byte[] redRectangleJpeg() {
    try (Mat img = new Mat(H, W, CV_8UC3, new Scalar(128, 128, 128, 0));
         Point a = new Point((int) (BOX[0] * W), (int) (BOX[1] * H));
         Point b = new Point((int) (BOX[2] * W), (int) (BOX[3] * H));
         Scalar red = new Scalar(0, 0, 255, 0);
         BytePointer out = new BytePointer()) {
      rectangle(img, a, b, red, FILLED, 8, 0);
      imencode(".jpg", img, out);
      byte[] data = new byte[(int) out.limit()];
      out.get(data);
      return data;
    }
  }

  static int[][] pixels(byte[] jpeg, int[][] points) {
    try (Mat encoded = new Mat(1, jpeg.length, org.bytedeco.opencv.global.opencv_core.CV_8UC1, new BytePointer(jpeg));
         Mat bgr = imdecode(encoded, IMREAD_COLOR);
         UByteIndexer idx = bgr.createIndexer()) {
      int[][] out = new int[points.length][];
      for (int i = 0; i < points.length; i++) {
        int x = points[i][0];
        int y = points[i][1];
        out[i] = new int[] {idx.get(y, x, 2), idx.get(y, x, 1), idx.get(y, x, 0)};
      }
      return out;
    }
  }
}
