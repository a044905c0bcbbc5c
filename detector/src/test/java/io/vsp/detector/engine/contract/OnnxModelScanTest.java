package io.vsp.detector.engine.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vsp.detector.engine.TestOnnx;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxModelScanTest {
  @TempDir
  Path dir;

  @Test
  void readsInputsOutputsWithSymbolicDimensionsAsOpen() throws IOException {
    Path model = new TestOnnx()
        .input("images", TestOnnx.UINT8, -1, 3, 320, 320)
        .output("table", TestOnnx.FLOAT, -1, 7)
        .node("Identity", new String[] {"images"}, new String[] {"table"})
        .write(dir.resolve("m.onnx"));

    OnnxModelScan scan = OnnxModelScan.read(model);

    assertThat(scan.inputs())
        .containsExactly(new TensorSpec("images", ElementType.UINT8, new long[] {-1, 3, 320, 320}));
    assertThat(scan.outputs()).containsExactly(new TensorSpec("table", ElementType.FLOAT32, new long[] {-1, 7}));
    assertThat(scan.opTypes()).containsExactly("Identity");
    assertThat(scan.precision()).isEqualTo("fp32");
  }

  @Test
  void quantizeDequantizeNodesMakeTheGraphInt8() throws IOException {
    byte[] model = new TestOnnx()
        .input("x", TestOnnx.FLOAT, 1, 3, 8, 8).output("y", TestOnnx.FLOAT, 1, 3, 8, 8)
        .node("QuantizeLinear", new String[] {"x", "s", "z"}, new String[] {"q"})
        .node("DequantizeLinear", new String[] {"q", "s", "z"}, new String[] {"y"})
        .bytes();

    assertThat(OnnxModelScan.parse(ByteBuffer.wrap(model)).precision()).isEqualTo("int8");
  }

  @Test
  void float16WeightsMakeTheGraphFp16() throws IOException {
    byte[] model = new TestOnnx()
        .input("x", TestOnnx.FLOAT16, 1, 3, 8, 8).output("y", TestOnnx.FLOAT16, 1, 3, 8, 8)
        .initializer("w", TestOnnx.FLOAT16, new long[] {1}, new byte[] {0, 0x3c})
        .node("Mul", new String[] {"x", "w"}, new String[] {"y"})
        .bytes();

    OnnxModelScan scan = OnnxModelScan.parse(ByteBuffer.wrap(model));

    assertThat(scan.precision()).isEqualTo("fp16");
    assertThat(scan.weightTypes()).containsExactly(ElementType.FLOAT16);
  }

  @Test
  void initializersListedAsGraphInputsAreNotInputs() throws IOException {
    byte[] model = new TestOnnx()
        .input("x", TestOnnx.FLOAT, 1, 3, 8, 8).input("w", TestOnnx.FLOAT, 1)
        .output("y", TestOnnx.FLOAT, 1, 3, 8, 8)
        .initializer("w", TestOnnx.FLOAT, new long[] {1}, new byte[4])
        .node("Mul", new String[] {"x", "w"}, new String[] {"y"})
        .bytes();

    assertThat(OnnxModelScan.parse(ByteBuffer.wrap(model)).inputs()).extracting(TensorSpec::name).containsExactly("x");
  }

  @Test
  void aFileThatIsNotOnnxIsAnIoErrorNamingTheFile() throws IOException {
    Path text = Files.writeString(dir.resolve("notes.onnx"), "this is not a model");

    assertThatThrownBy(() -> OnnxModelScan.read(text)).isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot read ONNX model " + text + ": ");
  }

  @Test
  void truncatedModelIsAnIoError() {
    byte[] model = new TestOnnx().input("x", TestOnnx.FLOAT, 1).output("y", TestOnnx.FLOAT, 1).bytes();
    ByteBuffer cut = ByteBuffer.wrap(model, 0, model.length - 3).slice();

    assertThatThrownBy(() -> OnnxModelScan.parse(cut)).isInstanceOf(IOException.class)
        .hasMessageContaining("malformed protobuf");
  }
}
