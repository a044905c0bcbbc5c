package io.vsp.app.ops;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The metrics a service exports, read from its Prometheus text exposition ({@code /metrics}): the
 * families with their types ({@code # TYPE} lines) and the label names seen on each sample name. The
 * names a query may use follow from the type: a histogram {@code x} is queried as {@code x_bucket},
 * {@code x_count} and {@code x_sum}, a summary as {@code x}, {@code x_count}, {@code x_sum}; counters and
 * gauges by the name of their {@code # TYPE} line.
 */
public final class MetricCatalog {
  private final Map<String, String> types = new LinkedHashMap<>(); // family -> type
  private final Map<String, Set<String>> labels = new LinkedHashMap<>(); // sample name -> label names

  private MetricCatalog() {}

  /** Parses one or more concatenated text expositions (format 0.0.4). */
  public static MetricCatalog parse(String exposition) {
    MetricCatalog catalog = new MetricCatalog();
    for (String line : exposition.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        String[] parts = line.split(" ");
        catalog.types.put(parts[2], parts[3]);
      } else if (!line.isBlank() && !line.startsWith("#")) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        int end = brace >= 0 && brace < space ? brace : space;
        Set<String> names = catalog.labels.computeIfAbsent(line.substring(0, end), k -> new TreeSet<>());
        if (end == brace) {
          names.addAll(labelNames(line.substring(brace + 1, line.lastIndexOf('}'))));
        }
      }
    }
    return catalog;
  }

  /** This catalog and {@code other}'s metrics together (several services). */
  public MetricCatalog plus(MetricCatalog other) {
    MetricCatalog sum = new MetricCatalog();
    sum.types.putAll(types);
    sum.types.putAll(other.types);
    labels.forEach((k, v) -> sum.labels.computeIfAbsent(k, x -> new TreeSet<>()).addAll(v));
    other.labels.forEach((k, v) -> sum.labels.computeIfAbsent(k, x -> new TreeSet<>()).addAll(v));
    return sum;
  }

  /** Every name a PromQL selector may use to get data: {@code _bucket}/{@code _count}/{@code _sum} for histograms. */
  public Set<String> seriesNames() {
    Set<String> names = new TreeSet<>();
    types.forEach((family, type) -> {
      switch (type) {
        case "histogram" -> names.addAll(Set.of(family + "_bucket", family + "_count", family + "_sum"));
        case "summary" -> names.addAll(Set.of(family, family + "_count", family + "_sum"));
        default -> names.add(family);
      }
    });
    return names;
  }

  /** The family a series name belongs to ({@code x_bucket} → {@code x} when {@code x} is a histogram). */
  public String familyOf(String seriesName) {
    for (String suffix : new String[] {"_bucket", "_count", "_sum"}) {
      if (seriesName.endsWith(suffix)) {
        String family = seriesName.substring(0, seriesName.length() - suffix.length());
        if (types.containsKey(family)) {
          return family;
        }
      }
    }
    return seriesName;
  }

  /** The family's type ({@code counter}, {@code gauge}, {@code histogram}, ...), or null. */
  public String typeOf(String family) {
    return types.get(family);
  }

  /**
   * Label names seen on samples of {@code seriesName} (the exposition's own, without Prometheus' target
   * labels); empty when the exposition had no sample of it.
   */
  public Set<String> labelsOf(String seriesName) {
    return labels.getOrDefault(seriesName, Set.of());
  }

  private static Set<String> labelNames(String inside) {
    Set<String> names = new LinkedHashSet<>();
    int i = 0;
    while (i < inside.length()) {
      int eq = inside.indexOf('=', i);
      if (eq < 0) {
        break;
      }
      names.add(inside.substring(i, eq).trim().replaceFirst("^,", "").trim());
      int j = inside.indexOf('"', eq) + 1; // the value, with \" and \\ escapes
      while (j < inside.length() && inside.charAt(j) != '"') {
        j += inside.charAt(j) == '\\' ? 2 : 1;
      }
      i = j + 1;
    }
    return names;
  }
}
