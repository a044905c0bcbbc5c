package io.vsp.detector.engine;

/**
 * An engine could not be opened (model missing or fitting no contract, natives absent, build failed) or
 * an inference failed. Opening failures are configuration errors; an inference failure means the engine
 * is broken and should be reopened.
 */
public final class EngineException extends Exception {
  private static final long serialVersionUID = 1L;

  public EngineException(String message) {
    super(message);
  }

  public EngineException(String message, Throwable cause) {
    super(message, cause);
  }
}
