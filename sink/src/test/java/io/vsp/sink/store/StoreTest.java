package io.vsp.sink.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {
  private static final Instant START = Instant.parse("2026-11-27T18:00:00.123456Z");

  @TempDir
  Path dir;

  @Test
  void filesLiveUnderCameraAndUtcDateOfTheEventStart() {
    Store store = new Store(dir);
    // 23:30 at UTC-5 is already the 28th in UTC
    Instant lateEvening = Instant.parse("2026-11-28T04:30:00Z");

    assertThat(store.relative(store.clipFile("lobby-3-98765", START)))
        .isEqualTo("clips/lobby/2026-11-27/lobby-3-98765.mp4");
    assertThat(store.relative(store.originalFile("lobby-3-98765", START)))
        .isEqualTo("clips/lobby/2026-11-27/lobby-3-98765.original.mp4");
    assertThat(store.relative(store.snapshotFile("front-door-0-7", lateEvening)))
        .isEqualTo("snapshots/front-door/2026-11-28/front-door-0-7.jpg");
    assertThat(store.relative(store.clipFile("lobby-3-98765.1", START)))
        .isEqualTo("clips/lobby/2026-11-27/lobby-3-98765.1.mp4");
    assertThat(store.clipFile("lobby-3-98765", START)).startsWithRaw(dir.toAbsolutePath());
  }

  @Test
  void validIdAcceptsOnlyEventIds() {
    assertThat(Store.validId("lobby-3-98765")).isTrue();
    assertThat(Store.validId("front_door-2-0-1")).isTrue();
    assertThat(Store.validId("a".repeat(63) + "-1-2")).isTrue();
    assertThat(Store.validId("lobby-3-98765.2")).isTrue(); // the third object first seen in that frame
    assertThat(Store.validId("front_door-2-0-1.149")).isTrue();
    for (String bad : new String[] {null, "", "lobby", "lobby-3", "lobby-3-", "-3-4", "Lobby-3-4", "lobby-x-4",
        "../lobby-3-4", "lobby/x-3-4", "lobby-3-4.mp4", "lobby-3-4/..", "..-1-2x", "lob by-1-2", "%2e%2e-1-2",
        "a".repeat(64) + "-1-2", "lobby-1-" + "9".repeat(20), "lobby-3-4\n",
        "lobby-3-4.0", "lobby-3-4.01", "lobby-3-4.", "lobby-3-4.1.2", "lobby-3-4.x", "lobby-3-4.1234567890",
        "lobby.1-3-4", "lobby-3-4.original"}) {
      assertThat(Store.validId(bad)).as("'%s'", bad).isFalse();
    }
  }

  @Test
  void pathsForABadIdAreRefused() {
    Store store = new Store(dir);

    assertThatThrownBy(() -> store.clipFile("../etc-1-2", START))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not an event id: '../etc-1-2'");
  }

  @Test
  void findLooksInEveryDateFolderOfTheCamera() throws IOException {
    Store store = new Store(dir);
    Path old = store.clipFile("lobby-3-1", Instant.parse("2026-11-01T00:00:00Z"));
    Store.writeAtomically(old, bytes("clip"));
    Path snapshot = store.snapshotFile("lobby-3-1", Instant.parse("2026-11-01T00:00:00Z"));
    Store.writeAtomically(snapshot, bytes("jpeg"));
    Store.writeAtomically(store.clipFile("lobby-3-2", START), bytes("other"));

    assertThat(store.findClip("lobby-3-1")).contains(old);
    assertThat(store.findSnapshot("lobby-3-1")).contains(snapshot);
    assertThat(store.findOriginal("lobby-3-1")).isEmpty();
    assertThat(store.findClip("lobby-3-3")).isEmpty();
    assertThat(store.findClip("garage-3-1")).isEmpty();
    assertThat(store.findClip("../lobby-3-1")).isEmpty();
  }

  @Test
  void findPrefersTheNewestDateFolder() throws IOException {
    Store store = new Store(dir);
    Store.writeAtomically(store.clipFile("lobby-3-1", Instant.parse("2026-11-01T00:00:00Z")), bytes("old"));
    Path newer = store.clipFile("lobby-3-1", Instant.parse("2026-11-02T00:00:00Z"));
    Store.writeAtomically(newer, bytes("new"));

    assertThat(store.findClip("lobby-3-1")).contains(newer);
  }

  @Test
  void findNeverReturnsALinkToAFileOutsideTheStore(@TempDir Path outside) throws IOException {
    Store store = new Store(dir);
    Path secret = Files.writeString(outside.resolve("secret.mp4"), "secret");
    Path link = store.clipFile("lobby-3-1", START);
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, secret);

    assertThat(store.findClip("lobby-3-1")).isEmpty();
    assertThat(store.contains(link)).isFalse();
  }

  @Test
  void relativeRefusesFilesOutsideTheStore() {
    Store store = new Store(dir);

    assertThatThrownBy(() -> store.relative(dir.resolve("../elsewhere.mp4")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not below the store");
  }

  @Test
  void writeAtomicallyCreatesFoldersAndLeavesNoTempFiles() throws IOException {
    Path target = new Store(dir).clipFile("lobby-3-1", START);

    Store.writeAtomically(target, bytes("first"));
    Store.writeAtomically(target, bytes("second"));

    assertThat(Files.readString(target)).isEqualTo("second");
    try (Stream<Path> files = Files.list(target.getParent())) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void writeAtomicallyReplacesTheFileInOneStepSoAReaderKeepsTheWholeOldOne() throws IOException {
    Path target = new Store(dir).snapshotFile("lobby-3-1", START);
    Store.writeAtomically(target, bytes("old content"));

    try (FileChannel reader = FileChannel.open(target)) {
      Store.writeAtomically(target, bytes("new"));

      // a rename swaps the whole file: the open reader still sees every byte of the old one
      ByteBuffer buffer = ByteBuffer.allocate(64);
      reader.read(buffer, 0);
      assertThat(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8)).isEqualTo("old content");
    }
    assertThat(Files.readString(target)).isEqualTo("new");
  }

  @Test
  void moveIntoPlacePublishesAStreamedTempFile() throws IOException {
    Path target = new Store(dir).clipFile("lobby-3-1", START);
    Path temp = Store.tempFileFor(target);
    Files.write(temp, bytes("encoded"));

    Store.moveIntoPlace(temp, target);

    assertThat(temp).doesNotExist();
    assertThat(Files.readString(target)).isEqualTo("encoded");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
