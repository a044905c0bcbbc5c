package io.vsp.detector.engine.tensorrt;

import io.vsp.detector.engine.EngineException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code vsp engine build} as a child JVM (same Java, same class path) for the detector's cache miss:
 * TensorRT's builder takes gigabytes of host memory that the 1.5.14 presets cannot free (issue 1699), and a
 * process that exits gives all of it back. The child's output goes to this log line by line; a failure is an
 * {@link EngineException} with its exit status and last lines.
 */
final class EngineBuildProcess {
  /** The CLI's entry point (app module); the detector always runs on a class path that has it. */
  static final String CLI_MAIN = "io.vsp.app.Main";
  static final int TAIL_LINES = 15;
  private static final Logger log = LoggerFactory.getLogger(EngineBuildProcess.class);

  private EngineBuildProcess() {}

  /** The child's command line: {@code java -cp <class path> io.vsp.app.Main engine build ...}. */
  static List<String> command(Path java, String classPath, Path onnx, BuildRequest request) {
    List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", classPath, CLI_MAIN));
    command.addAll(request.cliArgs(onnx));
    return command;
  }

  /** Builds (or lets another builder finish) the plan for {@code onnx}; returns when it is in the cache. */
  static void run(Path onnx, BuildRequest request) throws EngineException {
    List<String> command = command(Path.of(System.getProperty("java.home"), "bin", "java"),
        System.getProperty("java.class.path"), onnx, request);
    log.info("engine cache miss for {}: building it in a child process ({} {})", onnx, CLI_MAIN,
        String.join(" ", request.cliArgs(onnx)));
    Process child;
    try {
      child = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new EngineException("cannot start the engine build process: " + e.getMessage(), e);
    }
    Deque<String> tail = new ArrayDeque<>(TAIL_LINES);
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        log.info("engine build: {}", line);
        if (tail.size() == TAIL_LINES) {
          tail.removeFirst();
        }
        tail.addLast(line);
      }
      int status = child.waitFor();
      if (status != 0) {
        throw new EngineException("engine build process for " + onnx + " failed (exit status " + status + "): "
            + String.join(" | ", tail));
      }
    } catch (IOException e) {
      child.destroyForcibly();
      throw new EngineException("lost the engine build process's output: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      child.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new EngineException("interrupted while waiting for the engine build process", e);
    }
  }
}
