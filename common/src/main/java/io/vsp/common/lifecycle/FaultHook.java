package io.vsp.common.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A test hook that kills a stage's thread on demand, to prove that a dying thread takes its service down
 * ({@code /readyz} 503, then exit status 1). Each stage calls {@link #throwIfTriggered} in its loop; it throws
 * once the file named by the system property {@value #PROPERTY} exists and names the stage on a line of its own.
 * Without the property (production) the check is a test of a static final null.
 */
public final class FaultHook {
  /** System property naming the trigger file; set only by integration tests. */
  public static final String PROPERTY = "vsp.test.faultFile";

  private static final Path TRIGGER = trigger(System.getProperty(PROPERTY));

  private FaultHook() {}

  /** Throws an {@link InjectedFault} when the trigger file names {@code stage}. */
  public static void throwIfTriggered(String stage) {
    if (TRIGGER != null && names(TRIGGER, stage)) {
      throw new InjectedFault(stage);
    }
  }

  /** Whether {@code file} exists and has a line that is {@code stage} (blanks around it ignored). */
  static boolean names(Path file, String stage) {
    try {
      return Files.readAllLines(file).stream().anyMatch(line -> line.strip().equals(stage));
    } catch (IOException e) {
      return false; // not written yet
    }
  }

  private static Path trigger(String property) {
    return property == null || property.isBlank() ? null : Path.of(property);
  }

  /** The exception a triggered stage throws: unexpected on purpose. */
  public static final class InjectedFault extends RuntimeException {
    InjectedFault(String stage) {
      super("fault injected into stage " + stage + " (" + PROPERTY + ")");
    }
  }
}
