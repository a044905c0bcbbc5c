package io.vsp.common.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a GStreamer pipeline with Debian's {@code gst-launch-1.0} (package gstreamer1.0-tools) to make test
 * media, and fails with its output when it does not end well within a minute.
 */
public final class GstLaunch {
  private GstLaunch() {}

  /** @param pipeline the pipeline's elements and {@code !} links, as on the command line */
  public static void run(String... pipeline) {
    List<String> command = new ArrayList<>(List.of("gst-launch-1.0", "-q"));
    command.addAll(List.of(pipeline));
    try {
      // output to a file, not a pipe: reading a pipe would wait for a hung pipeline past the timeout
      Path log = Files.createTempFile("gst-launch", ".log");
      try {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended || p.exitValue() != 0) {
          p.destroyForcibly();
          throw new IllegalStateException("gst-launch-1.0 " + (ended ? "failed" : "did not end within 60 s") + ": "
              + String.join(" ", pipeline) + "\n" + Files.readString(log));
        }
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run gst-launch-1.0 (Debian package gstreamer1.0-tools)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running gst-launch-1.0", e);
    }
  }
}
