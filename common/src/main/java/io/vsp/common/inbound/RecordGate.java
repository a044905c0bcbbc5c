package io.vsp.common.inbound;

import io.vsp.common.config.LimitsConfig;
import java.util.function.LongSupplier;

/**
 * Where records enter a service that skips bad ones (the sink's tracker, clipper, page index and footage reader):
 * applies a rule of {@link RecordRules} with this service's limits and clock; an invalid record goes to
 * {@link InvalidRecords} and comes back as null, for the caller to skip. Thread-safe.
 */
public final class RecordGate {
  /** One rule of {@link RecordRules}, such as {@code RecordRules::detections}. */
  @FunctionalInterface
  public interface Rule<T> {
    T check(Inbound r, LimitsConfig limits, long nowUs) throws InvalidRecordException;
  }

  private final LimitsConfig limits;
  private final InvalidRecords invalid;
  private final LongSupplier nowMicros;

  /** @param nowMicros this service's clock, epoch µs */
  public RecordGate(LimitsConfig limits, InvalidRecords invalid, LongSupplier nowMicros) {
    this.limits = limits;
    this.invalid = invalid;
    this.nowMicros = nowMicros;
  }

  /** With the system clock. */
  public RecordGate(LimitsConfig limits, InvalidRecords invalid) {
    this(limits, invalid, () -> System.currentTimeMillis() * 1000);
  }

  /** What the record validly says, or null when it broke the rule (then it is counted and logged). */
  public <T> T admit(Inbound r, Rule<T> rule) {
    try {
      return rule.check(r, limits, nowMicros.getAsLong());
    } catch (InvalidRecordException e) {
      invalid.skip(r, e);
      return null;
    }
  }

  public InvalidRecords invalid() {
    return invalid;
  }
}
