package io.vsp.detector.engine.tensorrt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vsp.common.testkit.JavaProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two builders missing the same engine build it once (issue 12): the one holding the cache entry's lock
 * builds, the other waits, then finds the plan. The first builder only finishes once the second has
 * reported that it waits for the lock, so the second really contends for it.
 */
class BuildLockTest {
  static final EngineCacheKey KEY = new EngineCacheKey("m",
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "Tesla T4", "7.5", "11.2.1", 5, 8,
      new BuildRecipe(1L << 31, 3, 2, new long[] {8, 3, 640, 640}));

  @TempDir
  Path dir;

  @Test
  void twoProcessesMissingOneEngineBuildItOnce() throws Exception {
    EngineCache cache = new EngineCache(dir.resolve("engines"));
    JavaProcess[] child = new JavaProcess[1];

    EngineCache.Obtained mine = cache.obtain(KEY, () -> {
      // This process holds the lock now: start the second builder and let it run into the lock.
      child[0] = JavaProcess.start(LockedBuildChild.class.getName(), List.of(dir.resolve("engines").toString()),
          Map.of(), dir.resolve("child.log"));
      await().atMost(Duration.ofMinutes(2))
          .until(() -> child[0].output().contains("WAITING another process is building this engine"));
      return new byte[] {1};
    }, message -> {});

    try (JavaProcess second = child[0]) {
      assertThat(second.waitFor(Duration.ofMinutes(2))).as(second.output()).isZero();
      assertThat(mine.built()).isTrue();
      assertThat(second.output()).doesNotContain("BUILT").contains("RESULT built=false");
      assertThat(Files.readAllBytes(cache.planPath(KEY))).containsExactly(1);
    }
  }

  @Test
  void twoThreadsMissingOneEngineBuildItOnce() throws Exception {
    EngineCache cache = new EngineCache(dir);
    AtomicInteger builds = new AtomicInteger();
    CountDownLatch firstBuilding = new CountDownLatch(1);
    CountDownLatch secondWaits = new CountDownLatch(1);
    List<String> waits = new CopyOnWriteArrayList<>();

    CompletableFuture<EngineCache.Obtained> first = CompletableFuture.supplyAsync(() -> obtain(cache, () -> {
      builds.incrementAndGet();
      firstBuilding.countDown();
      awaitLatch(secondWaits);
      return new byte[] {1};
    }, message -> {}));
    awaitLatch(firstBuilding);
    CompletableFuture<EngineCache.Obtained> second = CompletableFuture.supplyAsync(() -> obtain(cache, () -> {
      builds.incrementAndGet();
      return new byte[] {2};
    }, message -> {
      waits.add(message);
      secondWaits.countDown();
    }));

    assertThat(first.get(120, TimeUnit.SECONDS).built()).isTrue();
    assertThat(second.get(120, TimeUnit.SECONDS).built()).isFalse();
    assertThat(builds).hasValue(1);
    assertThat(waits).singleElement().asString().startsWith("another thread of this process is building this engine");
    assertThat(Files.readAllBytes(cache.planPath(KEY))).containsExactly(1);
  }

  @Test
  void theLockIsFreeAgainAfterAFailedBuild() throws Exception {
    EngineCache cache = new EngineCache(dir);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> cache.obtain(KEY, () -> {
      throw new io.vsp.detector.engine.EngineException("TensorRT could not build");
    }, message -> {})).hasMessage("TensorRT could not build");
    List<String> waits = new CopyOnWriteArrayList<>();
    EngineCache.Obtained retried = cache.obtain(KEY, () -> new byte[] {3}, waits::add);

    assertThat(retried.built()).isTrue();
    assertThat(waits).isEmpty();
    assertThat(Files.readAllBytes(cache.planPath(KEY))).containsExactly(3);
  }

  private static EngineCache.Obtained obtain(EngineCache cache, EngineCache.PlanMaker maker,
      java.util.function.Consumer<String> waiting) {
    try {
      return cache.obtain(KEY, maker, waiting);
    } catch (Exception e) {
      throw new java.util.concurrent.CompletionException(e);
    }
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      if (!latch.await(120, TimeUnit.SECONDS)) {
        throw new AssertionError("timed out");
      }
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
