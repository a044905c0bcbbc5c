package io.vsp.common.metrics;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Maps a label value taken from input (a camera id, an object label) to the value a metric series gets,
 * so that the number of series never grows with what producers send. Values the service knows (its
 * configured cameras, its model's labels) keep their own value; a value it does not know keeps its own
 * while fewer than {@code maxLearned} such values have been seen, and every later one reads
 * {@value #OTHER}. Thread-safe.
 */
public final class BoundedLabels {
  /** The one value that stands for every value past the bound. */
  public static final String OTHER = "other";

  /**
   * Budget of unknown cameras a service that cannot list them all (a detector or sink whose configuration
   * does not name every camera) gives their own series: far above any single site, and at a few dozen series
   * per camera still a small scrape.
   */
  public static final int MAX_LEARNED_CAMERAS = 1000;

  private final Predicate<String> known;
  private final int maxLearned;
  private final Set<String> learned = ConcurrentHashMap.newKeySet();

  /**
   * @param known the values the service knows, asked at every call (so it may follow a configuration that
   *     changes at run time)
   * @param maxLearned how many unknown values keep their own value, first come first served; 0 folds every
   *     unknown value into {@value #OTHER}
   */
  public BoundedLabels(Predicate<String> known, int maxLearned) {
    if (maxLearned < 0) {
      throw new IllegalArgumentException("maxLearned must be >= 0, not " + maxLearned);
    }
    this.known = known;
    this.maxLearned = maxLearned;
  }

  /** Only these values keep their own value. */
  public static BoundedLabels of(Collection<String> known) {
    Set<String> values = Set.copyOf(known);
    return new BoundedLabels(values::contains, 0);
  }

  /** No value is known beforehand: the first {@code maxLearned} keep their own value. */
  public static BoundedLabels learning(int maxLearned) {
    return new BoundedLabels(value -> false, maxLearned);
  }

  /** The label value to use for {@code value}: itself, or {@value #OTHER}. */
  public String value(String value) {
    if (value == null || value.equals(OTHER)) {
      return OTHER;
    }
    if (known.test(value) || learned.contains(value)) {
      return value;
    }
    synchronized (learned) {
      if (learned.contains(value) || learned.size() < maxLearned) {
        learned.add(value);
        return value;
      }
    }
    return OTHER;
  }
}
