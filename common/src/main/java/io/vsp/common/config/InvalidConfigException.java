package io.vsp.common.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown by a config record's constructor when values break its rules; each error's key path is
 * relative to that record ({@code fps}, {@code zones.door[1]}), so the loader can prefix where the record
 * sits in the file and point at the line.
 */
public final class InvalidConfigException extends IllegalArgumentException {
  private final List<ConfigError> errors;

  InvalidConfigException(List<ConfigError> errors) {
    super(errors.stream().map(ConfigError::toString).collect(Collectors.joining("; ")));
    this.errors = List.copyOf(errors);
  }

  /** The broken rules, key paths relative to the record, no file or line. */
  public List<ConfigError> errors() {
    return errors;
  }
}
