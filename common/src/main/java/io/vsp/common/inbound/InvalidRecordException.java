package io.vsp.common.inbound;

/** An incoming record broke a rule of {@link RecordRules}: the reason (for the metric) and what was wrong. */
public final class InvalidRecordException extends Exception {
  private final Reason reason;

  public InvalidRecordException(Reason reason, String message) {
    super(message, null, false, false); // expected on bad input: no stack trace to fill
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
