package io.vsp.common.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lists and parses the one-camera files of a {@code camerasDir}. Files are read through symlinks, as a
 * Kubernetes ConfigMap mount exposes {@code name.yaml -> ..data/name.yaml} with {@code ..data} pointing
 * at a hidden timestamped folder; names starting with '.' are skipped, so those folders are never read twice.
 */
final class CameraFiles {

  /** One file's camera, or null and the rules it broke (file named, key paths like {@code detect.fps}). */
  record Parsed(CameraConfig camera, List<ConfigError> errors) {}

  private CameraFiles() {}

  /**
   * The folder's {@code *.yaml} and {@code *.yml} files (links followed), sorted by name; none when the
   * folder does not exist.
   *
   * @throws NotDirectoryException when {@code dir} exists but is not a folder
   */
  static List<Path> list(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    if (!Files.isDirectory(dir)) {
      throw new NotDirectoryException(dir.toString());
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, CameraFiles::isCameraFile)) {
      entries.forEach(files::add);
    } catch (NoSuchFileException e) {
      return List.of(); // removed while listing: as if it never existed
    }
    files.sort(null);
    return files;
  }

  /** Parses one file's {@code content}; a valid camera's id is claimed in {@code seenIds}. */
  static Parsed parse(Path file, byte[] content, Map<String, String> env, Map<String, String> seenIds) {
    Problems problems = new Problems(file);
    YamlNode root = YamlTree.parse(content, problems);
    CameraConfig camera = null;
    if (root != null) {
      YamlNode substituted = EnvSubstitution.apply(root, env, problems);
      camera = ConfigBinder.camera(substituted, "", problems, seenIds);
    }
    return problems.isEmpty() ? new Parsed(camera, List.of()) : new Parsed(null, problems.errors());
  }

  private static boolean isCameraFile(Path path) {
    String name = path.getFileName().toString();
    return !name.startsWith(".") && (name.endsWith(".yaml") || name.endsWith(".yml")) && Files.isRegularFile(path);
  }
}
