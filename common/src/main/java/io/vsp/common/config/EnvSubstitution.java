package io.vsp.common.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in every scalar value of a tree (not in keys) from
 * the environment. As in a shell, the default also applies when the variable is set but empty. A
 * substituted scalar becomes text; the binder reads numbers and booleans from text too.
 */
final class EnvSubstitution {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private final Map<String, String> env;
  private final Problems problems;

  private EnvSubstitution(Map<String, String> env, Problems problems) {
    this.env = env;
    this.problems = problems;
  }

  /** {@code node} with every reference replaced; a missing variable or a malformed reference is a problem. */
  static YamlNode apply(YamlNode node, Map<String, String> env, Problems problems) {
    return new EnvSubstitution(env, problems).substitute(node, "");
  }

  private YamlNode substitute(YamlNode node, String path) {
    if (node instanceof YamlNode.Mapping mapping) {
      Map<String, YamlNode> entries = new LinkedHashMap<>();
      mapping.entries().forEach((key, value) -> entries.put(key, substitute(value, Problems.join(path, key))));
      return new YamlNode.Mapping(mapping.line(), entries);
    }
    if (node instanceof YamlNode.Sequence seq) {
      List<YamlNode> items = new ArrayList<>();
      for (YamlNode item : seq.items()) {
        items.add(substitute(item, path + "[" + items.size() + "]"));
      }
      return new YamlNode.Sequence(seq.line(), items);
    }
    YamlNode.Scalar scalar = (YamlNode.Scalar) node;
    if (!(scalar.value() instanceof String text) || !text.contains("${")) {
      return scalar;
    }
    String replaced = replace(text, scalar.line(), path);
    return new YamlNode.Scalar(scalar.line(), replaced, replaced);
  }

  private String replace(String text, int line, String path) {
    StringBuilder out = new StringBuilder();
    int from = 0;
    for (int start = text.indexOf("${"); start >= 0; start = text.indexOf("${", from)) {
      Matcher m = REFERENCE.matcher(text).region(start, text.length());
      if (!m.lookingAt()) {
        // the value is not echoed: it may be a password
        problems.add(line, path, "malformed ${...} reference: write ${NAME} or ${NAME:-default}");
        return text;
      }
      out.append(text, from, start).append(lookup(m.group(1), m.group(2), line, path));
      from = m.end();
    }
    return out.append(text, from, text.length()).toString();
  }

  private String lookup(String name, String fallback, int line, String path) {
    String value = env.get(name);
    if (value != null && !value.isEmpty()) {
      return value;
    }
    if (fallback != null) {
      return fallback;
    }
    if (value == null) {
      problems.add(line, path, "environment variable " + name + " is not set (write ${" + name
          + ":-default} to give a default)");
    }
    return "";
  }
}
