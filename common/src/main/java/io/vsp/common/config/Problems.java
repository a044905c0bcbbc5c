package io.vsp.common.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Collects the errors of one config file while it is read, so that all of them are reported at once. */
final class Problems {
  private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

  private final Path file;
  private final List<ConfigError> errors = new ArrayList<>();

  Problems(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  void add(int line, String keyPath, String message) {
    errors.add(new ConfigError(file, keyPath, line, message));
  }

  /** The rules a record's constructor found broken, placed below {@code path} and at their lines in {@code node}. */
  void addAll(InvalidConfigException e, String path, YamlNode node) {
    for (ConfigError error : e.errors()) {
      add(lineAt(node, error.keyPath()), join(path, error.keyPath()), error.message());
    }
  }

  boolean isEmpty() {
    return errors.isEmpty();
  }

  /** The errors in line order (stable, so errors of one line keep the order they were found in). */
  List<ConfigError> errors() {
    return errors.stream().sorted(Comparator.comparingInt(ConfigError::line)).toList();
  }

  void throwIfAny() throws ConfigException {
    if (!errors.isEmpty()) {
      throw new ConfigException(errors());
    }
  }

  /**
   * The line of the deepest node along {@code relativePath} ({@code zones.door[1]}) below {@code node}:
   * a rule broken by a value points at that value, or at the closest enclosing key that exists.
   */
  private static int lineAt(YamlNode node, String relativePath) {
    int line = node.line();
    Matcher m = SEGMENT.matcher(relativePath);
    YamlNode current = node;
    while (m.find() && current != null) {
      if (m.group(1) != null) {
        YamlNode.Mapping mapping = current instanceof YamlNode.Mapping map ? map : null;
        current = mapping == null ? null : mapping.entries().get(m.group(1));
        if (current == null && mapping != null) {
          // a key with dots in it, such as kafka.properties' isolation.level: the rest of the path is that key
          YamlNode dotted = mapping.entries().get(relativePath.substring(m.start()).replaceFirst("^\\.", ""));
          if (dotted != null) {
            return dotted.line();
          }
        }
      } else {
        int i = Integer.parseInt(m.group(2));
        current = current instanceof YamlNode.Sequence seq && i < seq.items().size() ? seq.items().get(i) : null;
      }
      if (current != null) {
        line = current.line();
      }
    }
    return line;
  }

  /** {@code kafka} + {@code bootstrap} is {@code kafka.bootstrap}; a key at the top has no dot. */
  static String join(String path, String key) {
    return path.isEmpty() ? key : key.startsWith("[") ? path + key : path + "." + key;
  }
}
