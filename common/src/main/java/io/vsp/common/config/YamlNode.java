package io.vsp.common.config;

import java.util.List;
import java.util.Map;

/**
 * A parsed YAML value that remembers its line, so that any error found later, while binding or
 * validating, can point at the line the user wrote it on.
 */
sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {

  /** The 1-based line of the key holding this value, or of the value itself inside a list. */
  int line();

  /** Keys in file order. */
  record Mapping(int line, Map<String, YamlNode> entries) implements YamlNode {}

  record Sequence(int line, List<YamlNode> items) implements YamlNode {}

  /**
   * @param text the scalar as written (after {@code ${VAR}} substitution)
   * @param value a String, a Number or a Boolean as YAML typed it; null for {@code ~} or nothing
   */
  record Scalar(int line, String text, Object value) implements YamlNode {}

  /** What the node is, for "must be X (got Y)" messages; never shows a value that might be secret. */
  static String kind(YamlNode node) {
    if (node instanceof Mapping) {
      return "a mapping";
    }
    if (node instanceof Sequence) {
      return "a list";
    }
    Object value = ((Scalar) node).value();
    return value == null ? "nothing" : value instanceof String ? "text" : "a scalar";
  }
}
