package io.vsp.common.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** File chores of the test kit: temp folders removed at JVM exit, and log tails for failure messages. */
final class TestFiles {

  private TestFiles() {}

  /** A new temp folder, deleted with its content when the JVM exits. */
  static Path tempDir(String prefix) {
    try {
      Path dir = Files.createTempDirectory(prefix);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir), "delete:" + dir.getFileName()));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // best effort: a temp folder left behind is not worth failing a test run for
    }
  }

  /** The last {@code lines} lines of a text file, or a note saying why there are none. */
  static String tail(Path file, int lines) {
    if (!Files.exists(file)) {
      return "(no " + file + ")";
    }
    try {
      // decoded leniently: a crashing process may leave a torn multi-byte character behind
      List<String> all = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
      List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
      return last.isEmpty() ? "(" + file + " is empty)" : String.join("\n", last);
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }

  static String read(Path file) {
    try {
      return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path file, String content) {
    try {
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
