package io.vsp.common.testkit;

import java.nio.file.Path;
import org.bytedeco.javacpp.Loader;

/**
 * FFmpeg's command-line programs from the {@code org.bytedeco:ffmpeg} platform jar (the same FFmpeg as
 * the services), each extracted with the libraries it links by JavaCPP's own loader into its cache.
 * Each module that uses them declares that jar in test scope: nothing reaches into the local Maven
 * repository, and each program is asked for by its own class ({@code Loader.load(ffmpeg.class)} extracts
 * {@code ffmpeg} only, never {@code ffprobe} beside it).
 */
public final class FfmpegPrograms {
  private FfmpegPrograms() {}

  /** The {@code ffprobe} program. */
  public static Path ffprobe() {
    return Path.of(Loader.load(org.bytedeco.ffmpeg.ffprobe.class));
  }

  /** The {@code ffmpeg} program. */
  public static Path ffmpeg() {
    return Path.of(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class));
  }
}
