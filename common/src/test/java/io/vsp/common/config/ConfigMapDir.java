package io.vsp.common.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Lays out a folder the way the kubelet mounts a ConfigMap: the files in a hidden timestamped folder,
 * {@code ..data} linking to it, and {@code name.yaml -> ..data/name.yaml}; an update writes a new
 * timestamped folder and swaps {@code ..data} with an atomic rename of a temporary link.
 */
final class ConfigMapDir {
  private static final AtomicLong generation = new AtomicLong();

  private ConfigMapDir() {}

  static void create(Path dir, Map<String, String> files) {
    try {
      Files.createDirectories(dir);
      Files.createSymbolicLink(dir.resolve("..data"), writeGeneration(dir, files).getFileName());
      for (String name : files.keySet()) {
        Files.createSymbolicLink(dir.resolve(name), Path.of("..data", name));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces the whole content with {@code files}, in the kubelet's order: data, swap, links, cleanup. */
  static void update(Path dir, Map<String, String> files) {
    try {
      Path old = dir.resolve("..data").toRealPath();
      Path fresh = writeGeneration(dir, files);
      Path tmpLink = dir.resolve("..data_tmp");
      Files.createSymbolicLink(tmpLink, fresh.getFileName());
      Files.move(tmpLink, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
      for (String name : files.keySet()) {
        if (!Files.exists(dir.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
          Files.createSymbolicLink(dir.resolve(name), Path.of("..data", name));
        }
      }
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        for (Path entry : entries) {
          String name = entry.getFileName().toString();
          if (!name.startsWith(".") && !files.containsKey(name)) {
            Files.delete(entry);
          }
        }
      }
      try (Stream<Path> paths = Files.walk(old)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path writeGeneration(Path dir, Map<String, String> files) throws IOException {
    Path folder = dir.resolve("..2026_11_27_18_00_00." + generation.incrementAndGet());
    Files.createDirectory(folder);
    for (Map.Entry<String, String> file : files.entrySet()) {
      Files.writeString(folder.resolve(file.getKey()), file.getValue());
    }
    return folder;
  }
}
