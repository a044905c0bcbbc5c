package io.vsp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ceiling VSP's ingest is held against: the FFmpeg program decoding the same file to nothing
 * ({@code ffmpeg -threads N -i file -f null -}) with the same number of decoder threads. Times come from
 * FFmpeg's own {@code -benchmark} line: {@code rtime} covers decoding from the first packet to the end,
 * not the process start or the opening and probing of the file (VSP's clock leaves those out too). The
 * clip benchmark passes an encoder as output options: decode + encode, the ceiling of a clip build.
 */
public final class FfmpegBaseline {
  private static final Pattern FRAMES = Pattern.compile("frame=\\s*(\\d+)");
  private static final Pattern BENCH =
      Pattern.compile("bench: utime=([0-9.]+)s stime=([0-9.]+)s rtime=([0-9.]+)s");

  private FfmpegBaseline() {}

  /** One decode of the whole file. */
  static Throughput run(Path ffmpeg, Path file, int threads, Path log) throws IOException, InterruptedException {
    return run(ffmpeg, file, threads, List.of(), log);
  }

  /**
   * One pass over the whole file with {@code outputOptions} before the null output, e.g. an encoder
   * ({@code -c:v libopenh264 -b:v 2304000}): the clip benchmark's decode + encode ceiling.
   */
  public static Throughput run(Path ffmpeg, Path file, int threads, List<String> outputOptions, Path log)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(ffmpeg.toString(), "-hide_banner", "-nostdin",
        "-benchmark", "-threads", Integer.toString(threads), "-i", file.toString()));
    command.addAll(outputOptions);
    command.addAll(List.of("-f", "null", "-"));
    long busyBefore = CpuTimes.machineBusyNanos();
    long start = System.nanoTime();
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int exit = p.waitFor();
    double wall = (System.nanoTime() - start) / 1e9;
    double busy = (CpuTimes.machineBusyNanos() - busyBefore) / 1e9;
    if (exit != 0) {
      throw new IOException("ffmpeg failed (exit " + p.exitValue() + "): " + String.join(" ", command)
          + "\n" + SampleVideo.tail(log));
    }
    String out = Files.readString(log);
    long frames = -1;
    for (Matcher m = FRAMES.matcher(out); m.find(); ) {
      frames = Long.parseLong(m.group(1)); // the progress line is rewritten: the last one is the total
    }
    Matcher bench = BENCH.matcher(out);
    if (frames < 0 || !bench.find()) {
      throw new IOException("cannot read frame count or -benchmark line from ffmpeg's output:\n"
          + SampleVideo.tail(log));
    }
    double cpu = Double.parseDouble(bench.group(1)) + Double.parseDouble(bench.group(2));
    double others = Throughput.otherCores(busy, cpu, wall); // FFmpeg's start-up is not in its own count
    return new Throughput(frames, Double.parseDouble(bench.group(3)), cpu, others);
  }
}
