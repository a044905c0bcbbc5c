package io.vsp.sink.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreCleanupTest {
  private static final Instant NOW = Instant.parse("2026-11-27T18:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir
  Path dir;

  @Test
  void removesFilesOlderThanMaxAgeAndTheFoldersLeftEmpty() throws IOException {
    Store store = new Store(dir);
    Path old = file(store.clipFile("lobby-3-1", NOW.minus(Duration.ofDays(8))), 100, Duration.ofDays(8));
    Path oldSnapshot = file(store.snapshotFile("lobby-3-1", NOW.minus(Duration.ofDays(8))), 10, Duration.ofDays(8));
    Path young = file(store.clipFile("lobby-3-2", NOW.minus(Duration.ofDays(6))), 100, Duration.ofDays(6));

    StoreCleanup.Result result = new StoreCleanup(store, Duration.ofDays(7), 1_000_000, CLOCK).runOnce();

    assertThat(result).isEqualTo(new StoreCleanup.Result(2, 110, 100));
    assertThat(old).doesNotExist();
    assertThat(oldSnapshot).doesNotExist();
    assertThat(old.getParent()).doesNotExist();
    assertThat(dir.resolve("snapshots/lobby")).doesNotExist();
    assertThat(young).exists();
    assertThat(dir.resolve("clips")).isDirectory();
    assertThat(dir.resolve("snapshots")).isDirectory();
  }

  @Test
  void removesTheOldestFilesWhileTheStoreIsLargerThanMaxBytes() throws IOException {
    Store store = new Store(dir);
    Path oldest = file(store.clipFile("lobby-3-1", NOW), 100, Duration.ofHours(3));
    Path middle = file(store.snapshotFile("garage-0-1", NOW), 100, Duration.ofHours(2));
    Path newest = file(store.clipFile("lobby-3-3", NOW), 100, Duration.ofHours(1));

    StoreCleanup.Result result = new StoreCleanup(store, Duration.ofDays(7), 150, CLOCK).runOnce();

    assertThat(result).isEqualTo(new StoreCleanup.Result(2, 200, 100));
    assertThat(oldest).doesNotExist();
    assertThat(middle).doesNotExist();
    assertThat(newest).exists();
  }

  @Test
  void keepsEverythingWithinAgeAndSize() throws IOException {
    Store store = new Store(dir);
    file(store.clipFile("lobby-3-1", NOW), 100, Duration.ofHours(3));
    file(store.clipFile("lobby-3-2", NOW), 100, Duration.ofHours(2));

    StoreCleanup.Result result = new StoreCleanup(store, Duration.ofDays(7), 200, CLOCK).runOnce();

    assertThat(result).isEqualTo(new StoreCleanup.Result(0, 0, 200));
  }

  @Test
  void touchesNothingOutsideClipsAndSnapshots() throws IOException {
    Store store = new Store(dir);
    Path foreign = file(dir.resolve("kafka-streams/state.bin"), 1000, Duration.ofDays(30));
    Path topLevel = file(dir.resolve("notes.txt"), 1000, Duration.ofDays(30));

    StoreCleanup.Result result = new StoreCleanup(store, Duration.ofDays(7), 1, CLOCK).runOnce();

    assertThat(result).isEqualTo(new StoreCleanup.Result(0, 0, 0));
    assertThat(foreign).exists();
    assertThat(topLevel).exists();
  }

  @Test
  void anEmptyOrMissingStoreIsFine() throws IOException {
    StoreCleanup.Result result =
        new StoreCleanup(new Store(dir.resolve("never-created")), Duration.ofDays(1), 1, CLOCK).runOnce();

    assertThat(result).isEqualTo(new StoreCleanup.Result(0, 0, 0));
  }

  @Test
  void limitsMustBePositive() {
    Store store = new Store(dir);

    assertThatThrownBy(() -> new StoreCleanup(store, Duration.ZERO, 1, CLOCK))
        .hasMessage("maxAge must be more than 0 (got PT0S)");
    assertThatThrownBy(() -> new StoreCleanup(store, Duration.ofDays(1), 0, CLOCK))
        .hasMessage("maxBytes must be more than 0 (got 0)");
  }

  /** A file of {@code size} bytes last modified {@code age} before {@link #NOW}. */
  private static Path file(Path path, int size, Duration age) throws IOException {
    Store.writeAtomically(path, new byte[size]);
    Files.setLastModifiedTime(path, FileTime.from(NOW.minus(age)));
    return path;
  }
}
