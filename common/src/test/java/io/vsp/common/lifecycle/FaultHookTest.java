package io.vsp.common.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test hook fires only for a stage its trigger file names, and never without the system property. */
class FaultHookTest {
  @TempDir
  Path dir;

  @Test
  void triggerFileNamesStagesOnePerLine() throws Exception {
    Path file = dir.resolve("fault");
    assertThat(FaultHook.names(file, "batch")).isFalse(); // not written yet
    Files.writeString(file, "infer\n  batch \n");
    assertThat(FaultHook.names(file, "batch")).isTrue();
    assertThat(FaultHook.names(file, "infer")).isTrue();
    assertThat(FaultHook.names(file, "clipper")).isFalse();
    assertThat(FaultHook.names(file, "bat")).isFalse();
  }

  @Test
  void withoutThePropertyNoStageEverThrows() {
    assertThat(System.getProperty(FaultHook.PROPERTY)).isNull();
    FaultHook.throwIfTriggered("batch"); // returns
  }
}
