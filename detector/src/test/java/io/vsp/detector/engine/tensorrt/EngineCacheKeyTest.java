package io.vsp.detector.engine.tensorrt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineCacheKeyTest {
  private static final String SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @TempDir
  Path dir;

  @Test
  void fileNameShowsEveryPartOfTheKey() {
    EngineCacheKey key = new EngineCacheKey("yolo_nas_s", SHA, "NVIDIA GeForce RTX 4090", "8.9", "11.2.1", 8);

    assertThat(key.fileName())
        .isEqualTo("yolo_nas_s-" + SHA + "-nvidia-geforce-rtx-4090-sm8.9-trt11.2.1-b8.engine");
  }

  @Test
  void everyPartChangesTheFile() {
    EngineCacheKey key = new EngineCacheKey("m", SHA, "Tesla T4", "7.5", "11.2.1", 1);
    String other = SHA.replace('e', 'f');

    assertThat(new EngineCacheKey("m", other, "Tesla T4", "7.5", "11.2.1", 1).fileName()).isNotEqualTo(key.fileName());
    assertThat(new EngineCacheKey("m", SHA, "NVIDIA L4", "7.5", "11.2.1", 1).fileName()).isNotEqualTo(key.fileName());
    assertThat(new EngineCacheKey("m", SHA, "Tesla T4", "8.9", "11.2.1", 1).fileName()).isNotEqualTo(key.fileName());
    assertThat(new EngineCacheKey("m", SHA, "Tesla T4", "7.5", "11.3.0", 1).fileName()).isNotEqualTo(key.fileName());
    assertThat(new EngineCacheKey("m", SHA, "Tesla T4", "7.5", "11.2.1", 4).fileName()).isNotEqualTo(key.fileName());
  }

  @Test
  void tensorRtVersionDecodesTheLibrarysNumber() {
    assertThat(EngineCacheKey.tensorRtVersion(110201)).isEqualTo("11.2.1");
    assertThat(EngineCacheKey.tensorRtVersion(101300)).isEqualTo("10.13.0");
  }

  @Test
  void sha256IsOfTheFileBytes() throws IOException {
    Path empty = Files.write(dir.resolve("empty.onnx"), new byte[0]);
    Path abc = Files.writeString(dir.resolve("abc.onnx"), "abc");

    assertThat(EngineCacheKey.sha256(empty)).isEqualTo(SHA);
    assertThat(EngineCacheKey.sha256(abc))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void slugKeepsNamesFileSafe() {
    assertThat(EngineCacheKey.slug("NVIDIA A100-SXM4-80GB")).isEqualTo("nvidia-a100-sxm4-80gb");
    assertThat(EngineCacheKey.slug("../../etc")).isEqualTo("..-..-etc");
    assertThat(EngineCacheKey.slug("///")).isEqualTo("unnamed");
  }

  @Test
  void malformedHashIsRefused() {
    assertThatThrownBy(() -> new EngineCacheKey("m", "abc", "g", "8.9", "11.2.1", 1))
        .hasMessage("modelSha256 must be 64 lower-case hex digits (got abc)");
  }
}
