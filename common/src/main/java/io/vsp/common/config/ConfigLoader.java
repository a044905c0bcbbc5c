package io.vsp.common.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a VSP config file (SPEC §4) into a {@link VspConfig}: YAML parsed with lines kept, {@code ${VAR}}
 * substituted, bound to the records, every rule checked, and the {@code camerasDir} files checked too.
 * All errors come back together in one {@link ConfigException}; nothing is half-loaded.
 */
public final class ConfigLoader {

  private ConfigLoader() {}

  /** {@link #load(Path, Map, boolean)} with the process environment and {@code kafka.bootstrap} required. */
  public static VspConfig load(Path file) throws ConfigException {
    return load(file, System.getenv(), true);
  }

  /** {@link #load(Path, Map, boolean)} with the process environment. */
  public static VspConfig load(Path file, boolean requireBootstrap) throws ConfigException {
    return load(file, System.getenv(), requireBootstrap);
  }

  /** {@link #load(Path, Map, boolean)} with {@code kafka.bootstrap} required. */
  public static VspConfig load(Path file, Map<String, String> env) throws ConfigException {
    return load(file, env, true);
  }

  /**
   * Reads {@code file} with {@code ${VAR}} taken from {@code env}. The files of {@code camerasDir} are
   * checked as well (their cameras come from {@link #loadCamerasDir} or {@link CamerasDirWatcher}).
   *
   * @param requireBootstrap false for the demo, whose embedded broker's address is filled in later
   * @throws ConfigException with every error of the file and of the camera files
   */
  public static VspConfig load(Path file, Map<String, String> env, boolean requireBootstrap)
      throws ConfigException {
    Problems problems = new Problems(file);
    YamlNode root = YamlTree.parse(read(file, problems), problems);
    problems.throwIfAny(); // an unreadable or malformed file has nothing more to report
    root = EnvSubstitution.apply(root, env, problems);
    Map<String, String> seenIds = new HashMap<>();
    VspConfig config = ConfigBinder.vsp(root, file.getParent(), requireBootstrap, problems, seenIds);
    List<ConfigError> errors = new ArrayList<>(problems.errors());
    try {
      readCamerasDir(config.camerasDir(), env, seenIds, errors);
    } catch (NotDirectoryException e) {
      errors.add(new ConfigError(file, "camerasDir", lineOf(root, "camerasDir"),
          "is not a folder: " + config.camerasDir()));
    }
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return config;
  }

  /** One camera file of a {@code camerasDir}, with the process environment. */
  public static CameraConfig loadCameraFile(Path file) throws ConfigException {
    return loadCameraFile(file, System.getenv());
  }

  /** One camera file: the keys of a {@code cameras} item; errors name the file and keys like {@code detect.fps}. */
  public static CameraConfig loadCameraFile(Path file, Map<String, String> env) throws ConfigException {
    Problems problems = new Problems(file);
    byte[] content = read(file, problems);
    problems.throwIfAny();
    CameraFiles.Parsed parsed = CameraFiles.parse(file, content, env, new HashMap<>());
    if (parsed.camera() == null) {
      throw new ConfigException(parsed.errors());
    }
    return parsed.camera();
  }

  /** The cameras of a {@code camerasDir} by id, with the process environment. */
  public static Map<String, CameraConfig> loadCamerasDir(Path dir) throws ConfigException {
    return loadCamerasDir(dir, System.getenv());
  }

  /**
   * The cameras of a {@code camerasDir} by id, in file name order; an absent folder has none.
   *
   * @throws ConfigException naming every broken file, or the path when it is not a folder
   */
  public static Map<String, CameraConfig> loadCamerasDir(Path dir, Map<String, String> env)
      throws ConfigException {
    List<ConfigError> errors = new ArrayList<>();
    Map<String, CameraConfig> cameras;
    try {
      cameras = readCamerasDir(dir, env, new HashMap<>(), errors);
    } catch (NotDirectoryException e) {
      throw new ConfigException(List.of(new ConfigError(dir, "", 0, "is not a folder")));
    }
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return cameras;
  }

  private static Map<String, CameraConfig> readCamerasDir(Path dir, Map<String, String> env,
      Map<String, String> seenIds, List<ConfigError> errors) throws NotDirectoryException {
    Map<String, CameraConfig> cameras = new LinkedHashMap<>();
    List<Path> files;
    try {
      files = CameraFiles.list(dir);
    } catch (NotDirectoryException e) {
      throw e;
    } catch (IOException e) {
      errors.add(new ConfigError(dir, "", 0, "cannot list: " + describe(e)));
      return cameras;
    }
    for (Path file : files) {
      Problems problems = new Problems(file);
      byte[] content = read(file, problems);
      CameraFiles.Parsed parsed = problems.isEmpty() ? CameraFiles.parse(file, content, env, seenIds) : null;
      if (parsed == null) {
        errors.addAll(problems.errors());
      } else if (parsed.camera() == null) {
        errors.addAll(parsed.errors());
      } else {
        cameras.put(parsed.camera().id(), parsed.camera());
      }
    }
    return cameras;
  }

  private static byte[] read(Path file, Problems problems) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      problems.add(0, "", "cannot read: " + describe(e));
      return new byte[0];
    }
  }

  private static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.toString();
  }

  private static int lineOf(YamlNode root, String key) {
    return root instanceof YamlNode.Mapping m && m.entries().containsKey(key) ? m.entries().get(key).line() : 0;
  }
}
