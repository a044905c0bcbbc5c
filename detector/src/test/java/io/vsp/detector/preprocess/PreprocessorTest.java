package io.vsp.detector.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vsp.detector.engine.DirectInputBatch;
import io.vsp.detector.engine.InputType;
import io.vsp.detector.engine.ModelContract;
import io.vsp.detector.engine.OutputFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PreprocessorTest {
  private static final int SIZE = 64;
  private static final int PLANE = SIZE * SIZE;
  // A 64x32 frame: letterboxed to 64x32 at rows 16..47 of the 64x64 input.
  private static final byte[] ORANGE = TestFrames.png(TestFrames.image(64, 32, 0xC86432));

  private final Preprocessor floats = new Preprocessor(contract(InputType.FLOAT32), SIZE, 114);
  private final Preprocessor bytes = new Preprocessor(contract(InputType.UINT8), SIZE, 114);

  private static ModelContract contract(InputType type) {
    return new ModelContract("test", type, 1, SIZE, SIZE, OutputFormat.FLAT, 0, "fp32");
  }

  private static ByteBuffer slot(InputType type) {
    return ByteBuffer.allocateDirect(3 * PLANE * type.bytes()).order(ByteOrder.nativeOrder());
  }

  @AfterEach
  void close() {
    floats.close();
    bytes.close();
  }

  @Test
  void floatInputGetsRgbPlanesScaledToOneAndPaddingAtPadValue() throws CorruptFrameException {
    ByteBuffer slot = slot(InputType.FLOAT32);

    Letterbox box = floats.prepare(ORANGE, slot);

    assertThat(box).isEqualTo(new Letterbox(64, 32, 1.0, 0, 16));
    FloatBuffer pixels = slot.asFloatBuffer();
    float[] rgb = {200 / 255f, 100 / 255f, 50 / 255f};
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < SIZE; y++) {
        float expected = y < 16 || y >= 48 ? 114 / 255f : rgb[c];
        for (int x = 0; x < SIZE; x += 7) {
          assertThat(pixels.get(c * PLANE + y * SIZE + x)).as("plane %d at %d,%d", c, x, y)
              .isCloseTo(expected, within(1e-6f));
        }
      }
    }
  }

  @Test
  void uint8InputGetsRgbPlanesAsIs() throws CorruptFrameException {
    ByteBuffer slot = slot(InputType.UINT8);

    bytes.prepare(ORANGE, slot);

    assertThat(Byte.toUnsignedInt(slot.get(0))).isEqualTo(114);
    int centre = 32 * SIZE + 10;
    assertThat(Byte.toUnsignedInt(slot.get(centre))).isEqualTo(200);
    assertThat(Byte.toUnsignedInt(slot.get(PLANE + centre))).isEqualTo(100);
    assertThat(Byte.toUnsignedInt(slot.get(2 * PLANE + centre))).isEqualTo(50);
    assertThat(Byte.toUnsignedInt(slot.get(3 * PLANE - 1))).isEqualTo(114);
  }

  @Test
  void portraitFramesArePaddedLeftAndRight() throws CorruptFrameException {
    ByteBuffer slot = slot(InputType.UINT8);
    byte[] tall = TestFrames.png(TestFrames.image(30, 60, 0xFF0000));

    Letterbox box = bytes.prepare(tall, slot);

    assertThat(box.resizedWidth()).isEqualTo(32);
    assertThat(box.padX()).isEqualTo(16);
    assertThat(Byte.toUnsignedInt(slot.get(10 * SIZE + 15))).isEqualTo(114);
    assertThat(Byte.toUnsignedInt(slot.get(10 * SIZE + 16))).isEqualTo(255);
    assertThat(Byte.toUnsignedInt(slot.get(10 * SIZE + 47))).isEqualTo(255);
    assertThat(Byte.toUnsignedInt(slot.get(10 * SIZE + 48))).isEqualTo(114);
  }

  @Test
  void jpegFramesDecode() throws CorruptFrameException {
    byte[] jpeg = TestFrames.jpeg(TestFrames.image(128, 64, 0x0000FF), 0.9f);
    ByteBuffer slot = slot(InputType.UINT8);

    bytes.prepare(jpeg, slot);

    assertThat(Byte.toUnsignedInt(slot.get(2 * PLANE + 32 * SIZE + 32))).isGreaterThan(240);
    assertThat(Byte.toUnsignedInt(slot.get(32 * SIZE + 32))).isLessThan(15);
  }

  @Test
  void emptyGarbageAndTruncatedFramesAreCorrupt() {
    byte[] jpeg = TestFrames.jpeg(TestFrames.image(64, 64, 0x808080), 0.9f);
    ByteBuffer slot = slot(InputType.FLOAT32);

    assertThatThrownBy(() -> floats.prepare(new byte[0], slot)).isInstanceOf(CorruptFrameException.class)
        .hasMessage("empty frame");
    assertThatThrownBy(() -> floats.prepare(null, slot)).isInstanceOf(CorruptFrameException.class);
    byte[] garbage = new byte[5000];
    Arrays.fill(garbage, (byte) 0x5a);
    assertThatThrownBy(() -> floats.prepare(garbage, slot)).isInstanceOf(CorruptFrameException.class)
        .hasMessage("not a decodable image (5000 bytes)");
    assertThatThrownBy(() -> floats.prepare(Arrays.copyOf(jpeg, 20), slot))
        .isInstanceOf(CorruptFrameException.class);
  }

  @Test
  void aCorruptFrameAfterAGoodOneDoesNotReuseTheGoodOne() throws CorruptFrameException {
    ByteBuffer slot = slot(InputType.UINT8);
    bytes.prepare(ORANGE, slot);

    assertThatThrownBy(() -> bytes.prepare(new byte[] {(byte) 0xFF, (byte) 0xD8, 0, 0}, slot))
        .isInstanceOf(CorruptFrameException.class);
    // ...and the preprocessor still works afterwards.
    assertThat(bytes.prepare(ORANGE, slot)).isEqualTo(new Letterbox(64, 32, 1.0, 0, 16));
  }

  @Test
  void slotOfTheWrongSizeIsABrokenRule() {
    assertThatThrownBy(() -> floats.prepare(ORANGE, slot(InputType.UINT8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("slot must be a direct buffer of 49152 bytes (got 12288)");
  }

  @Test
  void aSlotWritesItsBorderOnlyWhenTheGeometryChangesAndAlwaysEndsAsAFreshPrepareWould() throws Exception {
    for (InputType type : InputType.values()) {
      try (Preprocessor preprocessor = new Preprocessor(contract(type), SIZE, 114)) {
        int slotBytes = 3 * PLANE * type.bytes();
        DirectInputBatch batch = new DirectInputBatch(
            ByteBuffer.allocateDirect(2 * slotBytes), 2, slotBytes, this);
        byte[] wide = TestFrames.png(TestFrames.image(64, 32, 0x20A040));
        byte[] tall = TestFrames.png(TestFrames.image(32, 64, 0x4060C0));

        assertSlotAsFresh(preprocessor, type, batch, ORANGE);
        // Same geometry: the border is left as the previous image left it (a byte scribbled there stays)...
        byte border = batch.slot(1).get(0);
        batch.slot(1).put(0, (byte) 7);
        preprocessor.prepare(wide, batch, () -> 1);
        assertThat(batch.slot(1).get(0)).as(type + ": border not rewritten").isEqualTo((byte) 7);
        batch.slot(1).put(0, border);
        assertSlotAsFresh(preprocessor, type, batch, wide);
        // ...another geometry rewrites it, and so does a slot zeroed as padding in between.
        assertSlotAsFresh(preprocessor, type, batch, tall);
        assertSlotAsFresh(preprocessor, type, batch, ORANGE);
        batch.clear(1);
        assertSlotAsFresh(preprocessor, type, batch, wide);
      }
    }
  }

  private static void assertSlotAsFresh(Preprocessor preprocessor, InputType type, DirectInputBatch batch, byte[] png)
      throws CorruptFrameException {
    Letterbox box = preprocessor.prepare(png, batch, () -> 1);
    ByteBuffer fresh = slot(type);
    assertThat(preprocessor.prepare(png, fresh)).isEqualTo(box);
    assertThat(batch.slot(1)).as(type + " slot after " + box).isEqualTo(fresh.clear());
  }
}
