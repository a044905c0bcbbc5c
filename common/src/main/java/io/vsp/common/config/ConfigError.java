package io.vsp.common.config;

import java.nio.file.Path;

/**
 * One broken rule of a config file, rendered as {@code config/vsp.yaml:12: cameras[2].url: <what is wrong>}.
 *
 * @param file the file the value came from; null when the value did not come from a file
 * @param keyPath where in the file, e.g. {@code cameras[2].detect.fps}; empty for the file as a whole
 * @param line the 1-based line of the key, 0 if unknown
 * @param message what is wrong and, where it helps, the value and the accepted forms; never a secret
 */
public record ConfigError(Path file, String keyPath, int line, String message) {
  public ConfigError {
    keyPath = keyPath == null ? "" : keyPath;
  }

  /** This error with {@code message} replaced, e.g. once secrets are masked. */
  public ConfigError withMessage(String newMessage) {
    return new ConfigError(file, keyPath, line, newMessage);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    if (file != null) {
      s.append(file);
      if (line > 0) {
        s.append(':').append(line);
      }
      s.append(": ");
    }
    if (!keyPath.isEmpty()) {
      s.append(keyPath).append(": ");
    }
    return s.append(message).toString();
  }
}
