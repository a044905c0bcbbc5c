package io.vsp.common.config;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads the keys of one YAML mapping as typed values. A missing key gives the caller's default; a value
 * of the wrong type is a problem (with key path and line) and also gives the default, so reading goes on
 * and every error of the file is found; {@link #finish()} reports the keys nobody asked for as unknown.
 */
final class MappingReader {
  private final YamlNode.Mapping node;
  private final String path;
  private final Problems problems;
  private final Set<String> known = new LinkedHashSet<>();

  MappingReader(YamlNode value, int line, String path, Problems problems) {
    this.path = path;
    this.problems = problems;
    if (value instanceof YamlNode.Mapping mapping) {
      this.node = mapping;
    } else {
      if (present(value)) {
        problems.add(value.line(), path, "must be a mapping of keys (got " + YamlNode.kind(value) + ")");
      }
      this.node = new YamlNode.Mapping(line, Map.of());
    }
  }

  Problems problems() {
    return problems;
  }

  /** The value of {@code key}, null when absent or written empty ({@code ~}, nothing). */
  YamlNode get(String key) {
    known.add(key);
    YamlNode value = node.entries().get(key);
    return present(value) ? value : null;
  }

  String text(String key, String dflt) {
    YamlNode value = get(key);
    if (value == null) {
      return dflt;
    }
    if (value instanceof YamlNode.Scalar scalar) {
      return scalar.text(); // as written: "007" stays "007", "yes" stays "yes"
    }
    return wrong(key, value, "must be text (got " + YamlNode.kind(value) + ")", dflt);
  }

  /** Reports {@code key} as missing when it is absent or empty; {@code hint} says what to write. */
  void required(String key, String hint) {
    if (get(key) == null) {
      problems.add(node.line(), at(key), "is required (" + hint + ")");
    }
  }

  /** A credential: registered with {@link Secrets} at once, so no error worded later can show it. */
  String secret(String key) {
    String value = text(key, null);
    Secrets.register(value);
    return value;
  }

  boolean bool(String key, boolean dflt) {
    YamlNode value = get(key);
    if (value == null) {
      return dflt;
    }
    if (value instanceof YamlNode.Scalar s && s.value() instanceof Boolean b) {
      return b;
    }
    String text = value instanceof YamlNode.Scalar s ? s.text() : "";
    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(text); // text after ${VAR} substitution
    }
    return wrong(key, value, "must be true or false (got " + shown(value) + ")", dflt);
  }

  double decimal(String key, double dflt) {
    BigDecimal n = number(key);
    return n == null ? dflt : n.doubleValue();
  }

  int integer(String key, int dflt) {
    return (int) wholeNumber(key, dflt, Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  short shortInteger(String key, short dflt) {
    return (short) wholeNumber(key, dflt, Short.MIN_VALUE, Short.MAX_VALUE);
  }

  Duration duration(String key, Duration dflt) {
    return parsed(key, dflt, Durations::parse);
  }

  DataSize size(String key, DataSize dflt) {
    return parsed(key, dflt, DataSize::parse);
  }

  Path file(String key, Path dflt) {
    return parsed(key, dflt, Path::of);
  }

  /** One of {@code dflt}'s enum constants, written in lower case: {@code tcp}, {@code onnxruntime}. */
  <E extends Enum<E>> E choice(String key, E dflt) {
    String text = text(key, null);
    if (text == null) {
      return dflt;
    }
    List<String> names = new ArrayList<>();
    for (E constant : dflt.getDeclaringClass().getEnumConstants()) {
      String name = constant.name().toLowerCase(Locale.ROOT);
      if (name.equals(text)) {
        return constant;
      }
      names.add(name);
    }
    return wrong(key, get(key), "must be one of " + String.join(", ", names) + " (got \"" + text + "\")", dflt);
  }

  /** The mapping under {@code key} read by {@code read}; absent = an empty mapping, so its defaults apply. */
  <T> T mapping(String key, Function<MappingReader, T> read) {
    MappingReader child = new MappingReader(get(key), node.line(), at(key), problems);
    T result = read.apply(child);
    child.finish();
    return result;
  }

  /** The list under {@code key}, each item read by {@code read(item, itemPath)}; null results are left out. */
  <T> List<T> list(String key, BiFunction<YamlNode, String, T> read) {
    YamlNode value = get(key);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof YamlNode.Sequence seq)) {
      return wrong(key, value, "must be a list (got " + YamlNode.kind(value) + ")", List.of());
    }
    List<T> items = new ArrayList<>();
    for (int i = 0; i < seq.items().size(); i++) {
      T item = read.apply(seq.items().get(i), at(key) + "[" + i + "]");
      if (item != null) {
        items.add(item);
      }
    }
    return items;
  }

  /** A mapping of names to values, each read by {@code read(value, valuePath)}; null results are left out. */
  <T> Map<String, T> namedValues(String key, BiFunction<YamlNode, String, T> read) {
    Map<String, T> out = new LinkedHashMap<>();
    YamlNode value = get(key);
    if (value != null && !(value instanceof YamlNode.Mapping)) {
      return wrong(key, value, "must be a mapping of names (got " + YamlNode.kind(value) + ")", out);
    }
    if (value != null) {
      ((YamlNode.Mapping) value).entries().forEach((name, v) -> {
        T item = read.apply(v, at(key) + "." + name);
        if (item != null) {
          out.put(name, item);
        }
      });
    }
    return out;
  }

  /** Runs a record's constructor; rules it finds broken become problems at their keys, and give {@code fallback}. */
  <T> T build(Supplier<T> constructor, T fallback) {
    try {
      return constructor.get();
    } catch (InvalidConfigException e) {
      problems.addAll(e, path, node);
      return fallback;
    }
  }

  /** Reports every key of the mapping that no reader asked for. */
  void finish() {
    node.entries().forEach((key, value) -> {
      if (!known.contains(key)) {
        problems.add(value.line(), at(key), "unknown key (known keys here: " + String.join(", ", known) + ")");
      }
    });
  }

  /** How {@code value} is shown in an error: a scalar as written, quoted when text; other kinds by name. */
  static String shown(YamlNode value) {
    if (value instanceof YamlNode.Scalar s) {
      return s.value() instanceof String ? "\"" + s.text() + "\"" : s.text();
    }
    return YamlNode.kind(value);
  }

  private String at(String key) {
    return Problems.join(path, key);
  }

  private <T> T wrong(String key, YamlNode value, String message, T dflt) {
    problems.add(value == null ? node.line() : value.line(), at(key), message);
    return dflt;
  }

  private BigDecimal number(String key) {
    YamlNode value = get(key);
    if (value == null) {
      return null;
    }
    BigDecimal n = numberOf(value);
    return n != null ? n : wrong(key, value, "must be a number (got " + shown(value) + ")", null);
  }

  /** The finite number {@code value} holds (numeric text too, as after substitution), else null. */
  static BigDecimal numberOf(YamlNode value) {
    if (value instanceof YamlNode.Scalar s && !(s.value() instanceof Boolean)) {
      try {
        return s.value() instanceof Number n ? new BigDecimal(n.toString()) : new BigDecimal(s.text().strip());
      } catch (NumberFormatException e) {
        return null; // .inf, .nan or text
      }
    }
    return null;
  }

  private long wholeNumber(String key, long dflt, long min, long max) {
    BigDecimal n = number(key);
    if (n == null) {
      return dflt;
    }
    String got = " (got " + shown(get(key)) + ")";
    if (n.stripTrailingZeros().scale() > 0) {
      return wrong(key, get(key), "must be a whole number" + got, dflt);
    }
    if (n.compareTo(BigDecimal.valueOf(min)) < 0) {
      return wrong(key, get(key), "must be at least " + min + got, dflt);
    }
    if (n.compareTo(BigDecimal.valueOf(max)) > 0) {
      return wrong(key, get(key), "must be at most " + max + got, dflt);
    }
    return n.longValueExact();
  }

  private <T> T parsed(String key, T dflt, Function<String, T> parse) {
    String text = text(key, null);
    if (text == null) {
      return dflt;
    }
    try {
      return parse.apply(text);
    } catch (IllegalArgumentException e) { // also InvalidPathException
      return wrong(key, get(key), e.getMessage(), dflt);
    }
  }

  private static boolean present(YamlNode value) {
    return value != null && !(value instanceof YamlNode.Scalar s && s.value() == null);
  }
}
