package io.vsp.sink.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention of the store (SPEC §4 {@code sink.store}): removes the files below {@code clips/} and
 * {@code snapshots/} last modified more than {@code maxAge} ago, then the oldest ones while the rest is larger
 * than {@code maxBytes}, then the folders left empty. Nothing else below the store's folder is touched.
 *
 * <p>Age is the file's last-modified time (when its writer finished it), not the event's start: a clip rebuilt
 * after a crash starts a new life. A file served while it is removed stays readable to that reader (POSIX).
 */
public final class StoreCleanup {
  private static final Logger LOG = LoggerFactory.getLogger(StoreCleanup.class);

  private final Store store;
  private final Duration maxAge;
  private final long maxBytes;
  private final Clock clock;

  public StoreCleanup(Store store, Duration maxAge, long maxBytes, Clock clock) {
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("maxAge must be more than 0 (got " + maxAge + ")");
    }
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be more than 0 (got " + maxBytes + ")");
    }
    this.store = store;
    this.maxAge = maxAge;
    this.maxBytes = maxBytes;
    this.clock = clock;
  }

  /** What one pass removed and how many bytes of files remain. */
  public record Result(int removed, long bytesRemoved, long bytesLeft) {}

  /** One pass over the store; safe to run while writers add files (they never see a folder vanish for good). */
  public Result runOnce() throws IOException {
    List<StoredFile> files = new ArrayList<>();
    for (String kind : List.of(Store.CLIPS, Store.SNAPSHOTS)) {
      files.addAll(list(store.dir().resolve(kind)));
    }
    files.sort(Comparator.comparing(StoredFile::modified).thenComparing(f -> f.path().toString()));
    Instant cutoff = clock.instant().minus(maxAge);
    long left = files.stream().mapToLong(StoredFile::bytes).sum();
    int removed = 0;
    long bytesRemoved = 0;
    for (StoredFile file : files) {
      boolean expired = file.modified().isBefore(cutoff);
      if (!expired && left <= maxBytes) {
        break; // sorted oldest first: every later file is younger and the store fits
      }
      if (delete(file.path())) {
        removed++;
        bytesRemoved += file.bytes();
      }
      left -= file.bytes();
    }
    for (String kind : List.of(Store.CLIPS, Store.SNAPSHOTS)) {
      removeEmptyFolders(store.dir().resolve(kind));
    }
    if (removed > 0) {
      LOG.info("store cleanup removed {} files ({} bytes), {} bytes left", removed, bytesRemoved, left);
    }
    return new Result(removed, bytesRemoved, left);
  }

  private record StoredFile(Path path, Instant modified, long bytes) {}

  private static List<StoredFile> list(Path root) throws IOException {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    List<StoredFile> files = new ArrayList<>();
    // the walk does not follow links: a link to elsewhere is removed, never what it points to
    try (Stream<Path> paths = Files.walk(root)) {
      paths.forEach(path -> {
        BasicFileAttributes attributes = attributes(path);
        if (attributes != null && !attributes.isDirectory()) {
          files.add(new StoredFile(path, attributes.lastModifiedTime().toInstant(), attributes.size()));
        }
      });
    } catch (UncheckedIOException e) {
      if (!(e.getCause() instanceof NoSuchFileException)) {
        throw e.getCause();
      }
      // a folder vanished during the walk (a concurrent pass): the next pass sees the rest
    }
    return files;
  }

  private static BasicFileAttributes attributes(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return null; // removed meanwhile
    }
  }

  private static boolean delete(Path path) throws IOException {
    return Files.deleteIfExists(path);
  }

  /** Removes the empty folders below {@code root} (not {@code root}), deepest first. */
  private static void removeEmptyFolders(Path root) throws IOException {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<Path> folders;
    try (Stream<Path> paths = Files.walk(root)) {
      folders = paths.filter(p -> !p.equals(root) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
          .sorted(Comparator.comparingInt(Path::getNameCount).reversed())
          .toList();
    } catch (UncheckedIOException e) {
      return; // changed during the walk: the next pass tidies up
    }
    for (Path folder : folders) {
      try (Stream<Path> entries = Files.list(folder)) {
        if (entries.findAny().isPresent()) {
          continue;
        }
      } catch (NoSuchFileException e) {
        continue;
      }
      try {
        Files.deleteIfExists(folder);
      } catch (DirectoryNotEmptyException e) {
        // a writer put a file there just now: keep it
      }
    }
  }
}
