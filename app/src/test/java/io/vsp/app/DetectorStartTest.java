package io.vsp.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vsp.detector.engine.TestOnnx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vsp detector} refuses, at start, a model that fits no YOLO-NAS contract: exit 2 and what it found. */
class DetectorStartTest {
  @TempDir
  Path dir;

  @Test
  void modelOfTheWrongShapeExitsWithStatusTwoAndSaysWhatItFound() throws Exception {
    Path model = new TestOnnx()
        .input("images", TestOnnx.FLOAT, 1, 3, 64, 64)
        .output("out", TestOnnx.FLOAT, 1, 3)
        .node("ReduceMean", new String[] {"images"}, new String[] {"out"}, "axes", new long[] {2, 3}, "keepdims", 0)
        .write(dir.resolve("wrong.onnx"));
    Path config = Files.writeString(dir.resolve("vsp.yaml"), """
        kafka: {bootstrap: "127.0.0.1:9"}
        detector: {metricsPort: 0, model: "%s", input: {size: 64, resize: 64}}
        """.formatted(model));
    StringWriter err = new StringWriter();
    int status = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "detector", "--config",
        config.toString());
    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("fits no YOLO-NAS contract: inputs [images float32 [1,3,64,64]], outputs "
        + "[out float32 [1,3]]; expected raw").doesNotContain("\tat ");
  }

  @Test
  void missingModelExitsWithStatusTwo() throws Exception {
    Path config = Files.writeString(dir.resolve("vsp.yaml"), """
        kafka: {bootstrap: "127.0.0.1:9"}
        detector: {metricsPort: 0, model: "%s"}
        """.formatted(dir.resolve("none.onnx")));
    StringWriter err = new StringWriter();
    int status = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "detector", "--config",
        config.toString());
    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("none.onnx");
  }
}
