package io.vsp.common.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Everything wrong with a configuration, reported at once: the message holds one rendered
 * {@link ConfigError} per line and no stack trace, so a command line can print it as it is.
 */
public final class ConfigException extends Exception {
  private final List<ConfigError> errors;

  public ConfigException(List<ConfigError> errors) {
    super(render(errors));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one error");
    }
    // masked once more here: a secret registered after an error was worded must still not leak
    this.errors = errors.stream().map(e -> e.withMessage(Secrets.mask(e.message()))).toList();
  }

  /** The errors in file order, secrets masked. */
  public List<ConfigError> errors() {
    return errors;
  }

  private static String render(List<ConfigError> errors) {
    return errors.stream().map(e -> Secrets.mask(e.toString())).collect(Collectors.joining("\n"));
  }
}
