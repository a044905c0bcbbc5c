package io.vsp.detector.replay;

/** A replay that cannot run as asked, for a reason the user must fix (exit status 2): the message says which. */
public final class ReplayRefusedException extends Exception {
  public ReplayRefusedException(String message) {
    super(message);
  }
}
