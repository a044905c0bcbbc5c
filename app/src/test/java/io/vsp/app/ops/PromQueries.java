package io.vsp.app.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The PromQL that VSP ships: every Grafana panel target and template variable query of
 * {@code deploy/grafana/dashboards}, and every expression of {@code deploy/prometheus/rules}, with
 * Grafana's variables replaced so that Prometheus itself can evaluate them. Also reads the metric names
 * and label matchers out of an expression, for checking them against what the services export.
 */
public final class PromQueries {
  /** One expression and where it comes from ({@code vsp-overview.json: "Consumer lag" B}). */
  public record Query(String source, String expr) {
    @Override
    public String toString() {
      return source + ": " + expr;
    }
  }

  /**
   * Values of Grafana's built-in interval variables and of the dashboards' template variables.
   *
   * @param rateInterval {@code $__rate_interval}
   * @param interval {@code $__interval}
   * @param range {@code $__range} (a PromQL duration; {@code $__range_s} gets its seconds)
   * @param template template variables by name ({@code camera} → {@code lobby})
   */
  public record Variables(String rateInterval, String interval, String range, Map<String, String> template) {
    public Variables {
      template = Map.copyOf(template);
    }

    /** {@code 1m}, {@code 15s} and {@code 5m}, with the given template variables. */
    public static Variables of(Map<String, String> template) {
      return new Variables("1m", "15s", "5m", template);
    }

    /**
     * {@code expr} with every {@code $name}, {@code ${name}}, {@code ${name:format}} and {@code [[name]]}
     * replaced; an unknown variable is an error naming it.
     */
    public String apply(String expr) {
      Matcher m = VARIABLE.matcher(expr);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
        m.appendReplacement(out, Matcher.quoteReplacement(value(name, expr)));
      }
      m.appendTail(out);
      return out.toString();
    }

    private String value(String name, String expr) {
      switch (name) {
        case "__rate_interval": return rateInterval;
        case "__interval": return interval;
        case "__interval_ms": return Long.toString(PromDurations.millis(interval));
        case "__range": return range;
        case "__range_s": return Long.toString(PromDurations.millis(range) / 1000);
        case "__range_ms": return Long.toString(PromDurations.millis(range));
        default:
          String value = template.get(name);
          if (value == null) {
            throw new IllegalArgumentException("no value for Grafana variable $" + name + " in: " + expr);
          }
          return value;
      }
    }
  }

  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{(\\w+)(?::[^}]*)?}|\\[\\[(\\w+)(?::[^\\]]*)?]]|\\$(\\w+)");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("^\\s*label_values\\s*\\((?:(.*),)?\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\)\\s*$", Pattern.DOTALL);
  private static final Pattern QUERY_RESULT = Pattern.compile("^\\s*query_result\\s*\\((.*)\\)\\s*$", Pattern.DOTALL);
  private static final ObjectMapper JSON = new ObjectMapper();

  private PromQueries() {}

  /** Every query of the dashboards under {@code deploy/grafana/dashboards} and the rules under {@code deploy/prometheus/rules}. */
  public static List<Query> all(Path deployDir, Variables vars) throws IOException {
    List<Query> all = new ArrayList<>(dashboards(deployDir.resolve("grafana/dashboards"), vars));
    all.addAll(rules(deployDir.resolve("prometheus/rules")));
    return all;
  }

  /** Panel targets (rows' panels included) and query variables of every {@code *.json} in {@code dir}, substituted. */
  public static List<Query> dashboards(Path dir, Variables vars) throws IOException {
    List<Query> queries = new ArrayList<>();
    for (Path file : files(dir, ".json")) {
      JsonNode dashboard = JSON.readTree(file.toFile());
      String name = file.getFileName().toString();
      for (JsonNode variable : dashboard.path("templating").path("list")) {
        if ("query".equals(variable.path("type").asText())) {
          JsonNode query = variable.path("query");
          String text = query.isObject() ? query.path("query").asText() : query.asText();
          queries.add(new Query(name + ": variable " + variable.path("name").asText(),
              vars.apply(variableQueryAsPromQl(text))));
        }
      }
      collectPanels(name, dashboard.path("panels"), vars, queries);
    }
    return queries;
  }

  /** The {@code expr} of every alerting and recording rule in the {@code *.yml}/{@code *.yaml} files of {@code dir}. */
  public static List<Query> rules(Path dir) throws IOException {
    List<Query> queries = new ArrayList<>();
    List<Path> files = new ArrayList<>(files(dir, ".yml"));
    files.addAll(files(dir, ".yaml"));
    for (Path file : files) {
      Map<?, ?> root;
      try (Reader in = Files.newBufferedReader(file)) {
        root = (Map<?, ?>) yaml().load(in);
      }
      for (Object group : (List<?>) root.get("groups")) {
        for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
          Map<?, ?> r = (Map<?, ?>) rule;
          String name = r.containsKey("alert") ? "alert " + r.get("alert") : "record " + r.get("record");
          queries.add(new Query(file.getFileName() + ": " + name, String.valueOf(r.get("expr")).trim()));
        }
      }
    }
    return queries;
  }

  /**
   * Grafana's Prometheus variable functions as PromQL returning the same label values:
   * {@code label_values(sel, l)} → {@code group by (l) (sel)}, {@code query_result(q)} → {@code q}.
   */
  public static String variableQueryAsPromQl(String query) {
    Matcher lv = LABEL_VALUES.matcher(query);
    if (lv.matches()) {
      String selector = lv.group(1) != null ? lv.group(1).trim() : "{" + lv.group(2) + "!=\"\"}";
      return "group by (" + lv.group(2) + ") (" + selector + ")";
    }
    Matcher qr = QUERY_RESULT.matcher(query);
    return qr.matches() ? qr.group(1).trim() : query;
  }

  /** The metric names an expression selects (functions, keywords, label names and durations left out). */
  public static Set<String> metricNames(String promql) {
    return new Scanner(promql).scan().keySet();
  }

  /**
   * The label names each metric's selector matches on ({@code x{camera="a"}} → {@code x: [camera]});
   * a selector without a metric name ({@code {__name__=~".+"}}) is under {@code ""}.
   */
  public static Map<String, Set<String>> selectorLabels(String promql) {
    return new Scanner(promql).scan();
  }

  private static void collectPanels(String file, JsonNode panels, Variables vars, List<Query> out) {
    for (JsonNode panel : panels) {
      String title = panel.path("title").asText();
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText("");
        if (!expr.isBlank()) {
          out.add(new Query(file + ": \"" + vars.apply(title) + "\" " + target.path("refId").asText(), vars.apply(expr)));
        }
      }
      collectPanels(file, panel.path("panels"), vars, out);
    }
  }

  private static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    }
  }

  /** SnakeYAML (the parser under Jackson's YAML) with duplicate keys refused; merge keys are resolved. */
  static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    return new Yaml(new SafeConstructor(options));
  }

  /**
   * A small PromQL lexer: enough to tell metric names from functions, aggregation operators, keywords,
   * grouping label lists, label matchers, strings, numbers and durations. It does not validate syntax
   * (Prometheus does that when the queries are evaluated).
   */
  private static final class Scanner {
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2",
        "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
        "quantile", "limitk", "limit_ratio", "inf", "nan", "start", "end");
    private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

    private final String s;
    private int i;
    private final Map<String, Set<String>> found = new LinkedHashMap<>();

    Scanner(String s) {
      this.s = s;
    }

    Map<String, Set<String>> scan() {
      String lastMetric = null;
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c == '"' || c == '\'' || c == '`') {
          skipString(c);
          lastMetric = null;
        } else if (c == '#') {
          while (i < s.length() && s.charAt(i) != '\n') {
            i++;
          }
        } else if (c == '[') {
          skipTo(']');
        } else if (c == '{') {
          found.computeIfAbsent(lastMetric == null ? "" : lastMetric, k -> new LinkedHashSet<>()).addAll(matcherLabels());
          lastMetric = null;
        } else if (Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
          while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == '_'
              || ((s.charAt(i) == '+' || s.charAt(i) == '-') && "eE".indexOf(s.charAt(i - 1)) >= 0))) {
            i++;
          }
          lastMetric = null;
        } else if (isIdentStart(c)) {
          String word = identifier();
          char next = nextNonSpace();
          if (GROUPING.contains(word)) {
            if (next == '(') {
              skipTo(')');
            }
            lastMetric = null;
          } else if (next == '(' || KEYWORDS.contains(word.toLowerCase())) {
            lastMetric = null; // a function or an operator
          } else {
            found.computeIfAbsent(word, k -> new LinkedHashSet<>());
            lastMetric = word;
          }
        } else {
          if (!Character.isWhitespace(c)) {
            lastMetric = null;
          }
          i++;
        }
      }
      return found;
    }

    /** At '{': the label names of the matchers up to the closing '}'. */
    private List<String> matcherLabels() {
      List<String> labels = new ArrayList<>();
      i++;
      while (i < s.length() && s.charAt(i) != '}') {
        char c = s.charAt(i);
        if (c == '"' || c == '\'' || c == '`') {
          skipString(c);
        } else if (isIdentStart(c)) {
          labels.add(identifier());
        } else {
          i++;
        }
      }
      i++;
      return labels;
    }

    private String identifier() {
      int start = i;
      while (i < s.length() && (isIdentStart(s.charAt(i)) || Character.isDigit(s.charAt(i)))) {
        i++;
      }
      return s.substring(start, i);
    }

    private char nextNonSpace() {
      int j = i;
      while (j < s.length() && Character.isWhitespace(s.charAt(j))) {
        j++;
      }
      return j < s.length() ? s.charAt(j) : 0;
    }

    private void skipString(char quote) {
      i++;
      while (i < s.length() && s.charAt(i) != quote) {
        i += s.charAt(i) == '\\' && quote != '`' ? 2 : 1;
      }
      i++;
    }

    private void skipTo(char close) {
      while (i < s.length() && s.charAt(i) != close) {
        i++;
      }
      i++;
    }

    private static boolean isIdentStart(char c) {
      return Character.isLetter(c) || c == '_' || c == ':';
    }
  }

  /** PromQL durations ({@code 1m}, {@code 1h30m}, {@code 500ms}) in milliseconds. */
  static final class PromDurations {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)");

    static long millis(String duration) {
      Matcher m = PART.matcher(duration);
      long total = 0;
      int end = 0;
      while (m.find() && m.start() == end) {
        long n = Long.parseLong(m.group(1));
        total += n * switch (m.group(2)) {
          case "ms" -> 1L;
          case "s" -> 1000L;
          case "m" -> 60_000L;
          case "h" -> 3_600_000L;
          case "d" -> 86_400_000L;
          case "w" -> 604_800_000L;
          default -> 31_536_000_000L;
        };
        end = m.end();
      }
      if (end != duration.length() || end == 0) {
        throw new IllegalArgumentException("not a PromQL duration: " + duration);
      }
      return total;
    }

    private PromDurations() {}
  }
}
