package io.vsp.sink.store;

import io.vsp.common.wire.Event;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where clips and snapshots live below {@code sink.store.dir} (SPEC §6), and how they get there: an event id
 * and its start time map to one file, and every file is written atomically, so a reader (the HTTP server, a
 * user's rsync) never sees half a clip.
 *
 * <p>Layout, with the date the UTC date of the event's {@code startTs}:
 * <pre>
 * clips/&lt;camera&gt;/&lt;yyyy-MM-dd&gt;/&lt;id&gt;.mp4            the clip (annotated when clips.annotate)
 * clips/&lt;camera&gt;/&lt;yyyy-MM-dd&gt;/&lt;id&gt;.original.mp4   the untouched footage (clips.keepOriginal)
 * snapshots/&lt;camera&gt;/&lt;yyyy-MM-dd&gt;/&lt;id&gt;.jpg
 * </pre>
 * Ids are checked with {@link #validId} before they become paths, and the finders return only files whose
 * real path (symbolic links resolved) lies below the store's real path.
 */
public final class Store {
  /** An event id: camera id, frames partition, frames offset (SPEC §5, {@link Event#id}). */
  private static final Pattern ID = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,62}-[0-9]+-[0-9]+(\\.[1-9][0-9]{0,8})?$");
  public static final String CLIPS = "clips";
  public static final String SNAPSHOTS = "snapshots";
  private static final String CLIP_SUFFIX = ".mp4";
  private static final String ORIGINAL_SUFFIX = ".original.mp4";
  private static final String SNAPSHOT_SUFFIX = ".jpg";
  /** Temp files of {@link #writeAtomically} start with this, so no finder ever matches one. */
  static final String TEMP_PREFIX = ".tmp-";

  private final Path dir;

  public Store(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  public Path dir() {
    return dir;
  }

  /** True when {@code id} is an event id that is safe as a file name; false for null. */
  public static boolean validId(String id) {
    return id != null && ID.matcher(id).matches() && Event.cameraOf(id) != null;
  }

  public Path clipFile(String id, Instant startTs) {
    return file(CLIPS, id, startTs, CLIP_SUFFIX);
  }

  public Path originalFile(String id, Instant startTs) {
    return file(CLIPS, id, startTs, ORIGINAL_SUFFIX);
  }

  public Path snapshotFile(String id, Instant startTs) {
    return file(SNAPSHOTS, id, startTs, SNAPSHOT_SUFFIX);
  }

  /** The clip of event {@code id} in any of its camera's date folders, newest date first; empty for a bad id. */
  public Optional<Path> findClip(String id) {
    return find(CLIPS, id, CLIP_SUFFIX);
  }

  public Optional<Path> findOriginal(String id) {
    return find(CLIPS, id, ORIGINAL_SUFFIX);
  }

  public Optional<Path> findSnapshot(String id) {
    return find(SNAPSHOTS, id, SNAPSHOT_SUFFIX);
  }

  /** The path of {@code file} below the store with {@code /} separators, as the {@code clips} record's {@code path}. */
  public String relative(Path file) {
    Path normal = file.toAbsolutePath().normalize();
    if (!normal.startsWith(dir) || normal.equals(dir)) {
      throw new IllegalArgumentException(file + " is not below the store " + dir);
    }
    List<String> names = new ArrayList<>();
    dir.relativize(normal).forEach(name -> names.add(name.toString()));
    return String.join("/", names);
  }

  /**
   * True when {@code file} exists and its real path (links resolved) lies below the store's real path: the
   * last check before a file is served.
   */
  public boolean contains(Path file) {
    try {
      Path root = dir.toRealPath();
      Path real = file.toRealPath();
      return real.startsWith(root) && !real.equals(root);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Writes {@code bytes} to a temp file in {@code target}'s folder, forces it to disk and renames it over
   * {@code target} in one step, then forces the folder: readers see the old file or the new one, never a part.
   */
  public static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path temp = tempFileFor(target);
    try {
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        out.force(true);
      }
      moveIntoPlace(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * A new empty temp file in {@code target}'s folder (created if needed), for writers that stream a large
   * file (an encoder) and then call {@link #moveIntoPlace}. The caller deletes it if it never moves it.
   */
  public static Path tempFileFor(Path target) throws IOException {
    Path folder = target.toAbsolutePath().getParent();
    // StoreCleanup removes empty folders: one may vanish between createDirectories and createTempFile
    for (int attempt = 1; ; attempt++) {
      Files.createDirectories(folder);
      try {
        return Files.createTempFile(folder, TEMP_PREFIX + target.getFileName() + ".", "");
      } catch (NoSuchFileException e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  /** Forces a finished temp file to disk and renames it atomically over {@code target} (same folder). */
  public static void moveIntoPlace(Path temp, Path target) throws IOException {
    try (FileChannel file = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      file.force(true);
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    forceFolder(target.toAbsolutePath().getParent());
  }

  /** Makes the rename itself durable: on Linux a folder can be opened and forced like a file. */
  private static void forceFolder(Path folder) {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // not every platform or file system lets a folder be forced; the file itself is already on disk
    }
  }

  private Path file(String kind, String id, Instant startTs, String suffix) {
    if (!validId(id)) {
      throw new IllegalArgumentException("not an event id: '" + id + "'");
    }
    LocalDate date = LocalDate.ofInstant(startTs, ZoneOffset.UTC);
    return dir.resolve(kind).resolve(Event.cameraOf(id)).resolve(date.toString()).resolve(id + suffix);
  }

  private Optional<Path> find(String kind, String id, String suffix) {
    if (!validId(id)) {
      return Optional.empty();
    }
    Path cameraDir = dir.resolve(kind).resolve(Event.cameraOf(id));
    if (!Files.isDirectory(cameraDir, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    List<Path> dates = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(cameraDir)) {
      stream.forEach(dates::add);
    } catch (IOException e) {
      return Optional.empty();
    }
    // an event's files sit in its start date's folder: newest first finds recent events at once
    dates.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
    for (Path date : dates) {
      Path candidate = date.resolve(id + suffix);
      if (Files.isRegularFile(candidate) && contains(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
