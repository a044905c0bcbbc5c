package io.vsp.detector.engine.tensorrt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineCacheKeyTest {
  private static final String SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @TempDir
  Path dir;

  private static final BuildRecipe RECIPE = new BuildRecipe(1L << 31, 3, 2, new long[] {8, 3, 640, 640});

  private static EngineCacheKey key(String sha, String gpu, String cc, String trt, int build, int batch,
      BuildRecipe recipe) {
    return new EngineCacheKey("m", sha, gpu, cc, trt, build, batch, recipe);
  }

  @Test
  void fileNameShowsEveryPartOfTheKey() {
    EngineCacheKey key = new EngineCacheKey("yolo_nas_s", SHA, "NVIDIA GeForce RTX 4090", "8.9", "11.2.1", 5, 8,
        RECIPE);

    assertThat(key.fileName()).isEqualTo("yolo_nas_s-" + SHA + "-nvidia-geforce-rtx-4090-sm8.9-trt11.2.1.5-b8-r"
        + RECIPE.digest() + ".engine");
    assertThat(RECIPE.describe()).isEqualTo("v" + BuildRecipe.VERSION + " ws=2147483648 opt=3 profiles=2x[8,3,640,640]");
  }

  @Test
  void aChangeOfAnyFieldMissesTheCache() throws IOException {
    EngineCacheKey key = key(SHA, "Tesla T4", "7.5", "11.2.1", 5, 8, RECIPE);
    EngineCache cache = new EngineCache(dir);
    cache.write(key, new byte[] {1});
    String other = SHA.replace('e', 'f');

    List<EngineCacheKey> changed = List.of(
        key(other, "Tesla T4", "7.5", "11.2.1", 5, 8, RECIPE),
        key(SHA, "NVIDIA L4", "7.5", "11.2.1", 5, 8, RECIPE),
        key(SHA, "Tesla T4", "8.9", "11.2.1", 5, 8, RECIPE),
        key(SHA, "Tesla T4", "7.5", "11.3.0", 5, 8, RECIPE),
        key(SHA, "Tesla T4", "7.5", "11.2.1", 6, 8, RECIPE),
        key(SHA, "Tesla T4", "7.5", "11.2.1", 5, 4, RECIPE),
        key(SHA, "Tesla T4", "7.5", "11.2.1", 5, 8, new BuildRecipe(1L << 30, 3, 2, new long[] {8, 3, 640, 640})),
        key(SHA, "Tesla T4", "7.5", "11.2.1", 5, 8, new BuildRecipe(1L << 31, 4, 2, new long[] {8, 3, 640, 640})),
        key(SHA, "Tesla T4", "7.5", "11.2.1", 5, 8, new BuildRecipe(1L << 31, 3, 3, new long[] {8, 3, 640, 640})),
        key(SHA, "Tesla T4", "7.5", "11.2.1", 5, 8, new BuildRecipe(1L << 31, 3, 2, new long[] {8, 3, 512, 512})));

    assertThat(cache.read(key)).isPresent();
    for (EngineCacheKey miss : changed) {
      assertThat(cache.read(miss)).as(miss.toString()).isEmpty();
    }
    assertThat(changed).extracting(EngineCacheKey::fileName).doesNotHaveDuplicates();
  }

  @Test
  void theRecipeVersionIsPartOfTheDigest() {
    // A recipe differs from its text under another version only through VERSION: check it is hashed.
    assertThat(RECIPE.describe()).startsWith("v" + BuildRecipe.VERSION + " ");
    assertThat(RECIPE.digest()).hasSize(12).isEqualTo(new BuildRecipe(1L << 31, 3, 2, new long[] {8, 3, 640, 640})
        .digest());
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
    assertThatThrownBy(() -> new EngineCacheKey("m", "abc", "g", "8.9", "11.2.1", 1, 1, RECIPE))
        .hasMessage("modelSha256 must be 64 lower-case hex digits (got abc)");
  }
}
