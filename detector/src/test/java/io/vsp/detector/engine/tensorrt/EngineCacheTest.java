package io.vsp.detector.engine.tensorrt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineCacheTest {
  private static final EngineCacheKey KEY = new EngineCacheKey("m",
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "Tesla T4", "7.5", "11.2.1", 5, 1,
      new BuildRecipe(1 << 20, 3, 0, new long[] {1, 3, 64, 64}));

  @TempDir
  Path dir;

  @Test
  void aPlanWrittenUnderAKeyIsReadBackUnderIt() throws IOException {
    EngineCache cache = new EngineCache(dir.resolve("engines"));

    assertThat(cache.read(KEY)).isEmpty();
    Path plan = cache.write(KEY, new byte[] {1, 2, 3});

    assertThat(plan).isEqualTo(dir.resolve("engines").resolve(KEY.fileName()));
    assertThat(cache.read(KEY)).hasValueSatisfying(bytes -> assertThat(bytes).containsExactly(1, 2, 3));
  }

  @Test
  void writingLeavesNoTemporaryFilesBehind() throws IOException {
    EngineCache cache = new EngineCache(dir);
    cache.write(KEY, new byte[] {1});
    cache.write(KEY, new byte[] {2});

    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(dir.resolve(KEY.fileName()));
    }
    assertThat(cache.read(KEY)).hasValueSatisfying(bytes -> assertThat(bytes).containsExactly(2));
  }

  @Test
  void evictedPlanIsGone() throws IOException {
    EngineCache cache = new EngineCache(dir);
    cache.write(KEY, new byte[] {1});

    cache.evict(KEY);
    cache.evict(KEY);

    assertThat(cache.read(KEY)).isEmpty();
  }
}
