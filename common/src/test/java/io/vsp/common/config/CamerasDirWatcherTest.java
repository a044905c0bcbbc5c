package io.vsp.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Lifecycle of the camerasDir watch: add, change, remove, re-add, ConfigMap swaps, broken files, close. */
class CamerasDirWatcherTest {
  private static final Duration WITHIN = Duration.ofSeconds(5);
  private static final Duration FAST_POLL = Duration.ofMillis(100);

  @TempDir Path tmp;

  private Path dir;
  private final List<Map<String, CameraConfig>> calls = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private CamerasDirWatcher watcher;

  @BeforeEach
  void setUp() {
    dir = tmp.resolve("cameras.d");
    logs.start();
    ((Logger) LoggerFactory.getLogger(CamerasDirWatcher.class)).addAppender(logs);
  }

  @AfterEach
  void tearDown() {
    if (watcher != null) {
      watcher.close();
    }
    ((Logger) LoggerFactory.getLogger(CamerasDirWatcher.class)).detachAppender(logs);
  }

  @Test
  void firstPollReportsTheFolderOnTheConfigWatchDaemonThread() throws IOException {
    write("lobby.yaml", camera("lobby", "rtsp://192.0.2.10/a"));
    write(".lobby.yaml.swp", "garbage");

    start(FAST_POLL);

    await().atMost(WITHIN).until(() -> !calls.isEmpty());
    assertThat(latest()).containsOnlyKeys("lobby");
    assertThat(threads).allSatisfy(thread -> {
      assertThat(thread.getName()).isEqualTo("config-watch");
      assertThat(thread.isDaemon()).isTrue();
    });
  }

  @Test
  void addedChangedRemovedAndReaddedFilesApply() throws IOException {
    Files.createDirectories(dir);
    start(FAST_POLL);
    await().atMost(WITHIN).until(() -> calls.size() == 1 && latest().isEmpty());

    write("lobby.yaml", camera("lobby", "rtsp://192.0.2.10/a"));
    await().atMost(WITHIN).until(() -> latest().containsKey("lobby"));

    write("lobby.yaml", camera("lobby", "rtsp://192.0.2.10/b")); // a plain write in place
    await().atMost(WITHIN).until(() -> "rtsp://192.0.2.10/b".equals(urlOf("lobby")));

    Files.delete(dir.resolve("lobby.yaml"));
    await().atMost(WITHIN).until(() -> latest().isEmpty());

    write("lobby.yaml", camera("lobby", "rtsp://192.0.2.10/c"));
    await().atMost(WITHIN).until(() -> "rtsp://192.0.2.10/c".equals(urlOf("lobby")));
    assertThat(calls).hasSize(5); // one per change of the set, none for polls that changed nothing
  }

  @Test
  void fileRenamedIntoPlaceApplies() throws IOException {
    write("lobby.yaml", camera("lobby", "rtsp://192.0.2.10/a"));
    start(FAST_POLL);
    await().atMost(WITHIN).until(() -> latest().containsKey("lobby"));

    // how editors and config tools write: a temp file, then an atomic rename over the old one
    Path temp = write(".lobby.yaml.tmp", camera("lobby", "rtsp://192.0.2.10/renamed"));
    Files.move(temp, dir.resolve("lobby.yaml"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

    await().atMost(WITHIN).until(() -> "rtsp://192.0.2.10/renamed".equals(urlOf("lobby")));
  }

  @Test
  void kubernetesConfigMapSymlinkSwapAppliesWithTheDefaultPollInterval() {
    ConfigMapDir.create(dir, Map.of("lobby.yaml", camera("lobby", "rtsp://192.0.2.10/a"),
        "yard.yaml", camera("yard", "rtsp://192.0.2.11/a")));
    start(CamerasDirWatcher.DEFAULT_POLL_INTERVAL);
    await().atMost(WITHIN).until(() -> latest().keySet().equals(Set.of("lobby", "yard")));

    ConfigMapDir.update(dir, Map.of("lobby.yaml", camera("lobby", "rtsp://192.0.2.10/v2"),
        "gate.yaml", camera("gate", "rtsp://192.0.2.12/a")));

    await().atMost(WITHIN).until(() -> latest().keySet().equals(Set.of("lobby", "gate"))
        && "rtsp://192.0.2.10/v2".equals(urlOf("lobby")));
  }

  @Test
  void halfWrittenFileKeepsTheCameraAsItWas() throws IOException {
    write("lobby.yaml", camera("lobby", "rtsp://192.0.2.10/a"));
    start(FAST_POLL);
    await().atMost(WITHIN).until(() -> latest().containsKey("lobby"));
    CameraConfig before = latest().get("lobby");

    write("lobby.yaml", "id: lobby\nurl: rtsp://192.0.2.10/b\ndetect: {fps: 5, maxWi");
    // a poll that sees the marker has also read the half-written file (every poll reads every file)
    write("zz-marker.yaml", camera("marker", "rtsp://192.0.2.99/a"));
    await().atMost(WITHIN).until(() -> latest().containsKey("marker"));

    assertThat(latest().get("lobby")).isEqualTo(before);
  }

  @Test
  void brokenFileIsLoggedOnceMaskedNamingFileAndKeyPath() throws IOException {
    start(FAST_POLL);
    Path broken = write("yard.yaml", "id: yard\nurl: rtsp://192.0.2.11/a\nusername: admin\n"
        + "password: watcher-pw-77\ndetect: {fps: 0}\n");
    write("m1.yaml", camera("m1", "rtsp://192.0.2.99/a"));
    await().atMost(WITHIN).until(() -> latest().containsKey("m1"));
    Files.delete(dir.resolve("m1.yaml"));
    await().atMost(WITHIN).until(() -> !latest().containsKey("m1")); // at least one more poll of the broken file

    assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
        .containsOnlyOnce(broken + ":5: detect.fps: must be in (0, 60] (got 0); camera not added")
        .noneMatch(line -> line.contains("watcher-pw-77"));
    assertThat(latest()).doesNotContainKey("yard");
  }

  @Test
  void duplicateIdInTheFolderKeepsTheFirstFileByName() throws IOException {
    write("a.yaml", camera("lobby", "rtsp://192.0.2.10/a"));
    write("b.yaml", camera("lobby", "rtsp://192.0.2.10/b"));

    start(FAST_POLL);

    await().atMost(WITHIN).until(() -> !calls.isEmpty());
    assertThat(urlOf("lobby")).isEqualTo("rtsp://192.0.2.10/a");
  }

  @Test
  void closeIsIdempotentAndEndsTheThread() {
    start(FAST_POLL);
    await().atMost(WITHIN).until(() -> !threads.isEmpty());

    watcher.close();
    watcher.close();

    await().atMost(WITHIN).until(() -> !threads.get(0).isAlive());
  }

  private void start(Duration pollInterval) {
    watcher = new CamerasDirWatcher(dir, pollInterval, cameras -> {
      threads.add(Thread.currentThread());
      calls.add(cameras);
    });
    watcher.start();
  }

  private Map<String, CameraConfig> latest() {
    return calls.isEmpty() ? Map.of() : calls.get(calls.size() - 1);
  }

  private String urlOf(String id) {
    CameraConfig camera = latest().get(id);
    return camera == null ? null : camera.url();
  }

  private Path write(String name, String content) throws IOException {
    Files.createDirectories(dir);
    return Files.writeString(dir.resolve(name), content);
  }

  private static String camera(String id, String url) {
    return "id: " + id + "\nurl: " + url + "\n";
  }
}
