package io.vsp.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark's command line as {@code --name value} pairs, read in order: {@link #next()} moves to the
 * next pair, the typed getters check its value. Every mistake is an {@link IllegalArgumentException} whose
 * message names the option, the rule and the value given ({@code --runs takes a whole number from 1 to 20,
 * not x}), for {@link BenchMain} to print above the usage.
 */
public final class Options {
  private final String[] args;
  private int next;
  private String name;
  private String value;

  public Options(String[] args) {
    this.args = args.clone();
  }

  /** Moves to the next pair; false when there is none. A last argument without a value is an error. */
  public boolean next() {
    if (next >= args.length) {
      return false;
    }
    name = args[next];
    if (next + 1 >= args.length) {
      throw new IllegalArgumentException(name.startsWith("--") ? name + " needs a value" : "unknown argument " + name);
    }
    value = args[next + 1];
    next += 2;
    return true;
  }

  /** The current option's name, with its dashes ({@code --runs}). */
  public String name() {
    return name;
  }

  public Path path() {
    return Path.of(value);
  }

  /** The value split at spaces, empty words dropped. */
  public List<String> words() {
    return List.of(value.trim().split("\\s+")).stream().filter(w -> !w.isEmpty()).toList();
  }

  /** The value as a whole number from {@code min} to {@code max}. */
  public int number(int min, int max) {
    return number(value, min, max);
  }

  /** The value as comma-separated whole numbers, each from {@code min} to {@code max}. */
  public List<Integer> numbers(int min, int max) {
    List<Integer> list = new ArrayList<>();
    for (String n : value.split(",")) {
      list.add(number(n.trim(), min, max));
    }
    return List.copyOf(list);
  }

  /** The value as a whole number of seconds from {@code min} to {@code max}. */
  public Duration seconds(int min, int max) {
    return Duration.ofSeconds(number(min, max));
  }

  /** The value as a number from {@code min} to {@code max}, fractions allowed. */
  public double fraction(double min, double max) {
    try {
      double f = Double.parseDouble(value);
      if (f >= min && f <= max) {
        return f;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + " takes a number from " + min + " to " + max + ", not " + value);
  }

  /** The value, which must be one of {@code choices}. */
  public String oneOf(String... choices) {
    if (List.of(choices).contains(value)) {
      return value;
    }
    String last = choices[choices.length - 1];
    String allowed = choices.length == 1 ? last
        : String.join(", ", List.of(choices).subList(0, choices.length - 1)) + " or " + last;
    throw new IllegalArgumentException(name + " takes " + allowed + ", not " + value);
  }

  /** The error for an option the benchmark does not know, to throw from a {@code switch}'s default. */
  public IllegalArgumentException unknown() {
    return new IllegalArgumentException("unknown option " + name);
  }

  private int number(String text, int min, int max) {
    try {
      int n = Integer.parseInt(text);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + " takes a whole number from " + min + " to " + max + ", not " + text);
  }
}
