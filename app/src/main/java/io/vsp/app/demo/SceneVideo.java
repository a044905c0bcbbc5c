package io.vsp.app.demo;

import io.vsp.ingest.camera.FFmpeg;
import io.vsp.sink.clips.H264Encoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Turns a {@link Scene} into the H.264 MP4 that the demo's synthetic camera loops and the end-to-end
 * tests serve over RTSP: yuv420p, constant frame rate, a keyframe exactly every {@code gop} frames, no
 * B-frames, {@code moov} before {@code mdat}. Rendered in planar YUV by {@link SceneRenderer}, encoded
 * and muxed by the clips' {@link H264Encoder}, bit-exact. Deterministic: the same scene gives the same
 * bytes (the background noise comes from a fixed seed, the file has no version strings or times).
 */
public final class SceneVideo {

  /** Seed of the background texture: fixed, so a scene always renders (and encodes) the same. */
  static final long SEED = 0x5ce4e_0b1ec7L;

  private SceneVideo() {}

  /**
   * Writes {@code scene} to {@code out} atomically (a temporary file beside it, then a move) and returns
   * {@code out}. Any existing file there is replaced.
   *
   * @throws UncheckedIOException when FFmpeg or the file system fails (the partial file is removed)
   */
  public static Path write(Scene scene, Path out) {
    Path target = out.toAbsolutePath();
    Path partial = target.resolveSibling(target.getFileName() + ".part");
    try {
      Files.createDirectories(target.getParent());
      SceneRenderer renderer = new SceneRenderer(scene, SEED);
      FFmpeg.init();
      try (H264Encoder encoder = new H264Encoder(partial, settings(scene))) {
        for (int n = 0; n < scene.frameCount(); n++) {
          renderer.render(scene.frameTime(n));
          renderer.copyTo(encoder.frame());
          encoder.encode();
        }
        encoder.finish();
      }
      move(partial, target);
      return out;
    } catch (IOException e) {
      deleteQuietly(partial);
      throw new UncheckedIOException("cannot write the scene video " + out + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      deleteQuietly(partial);
      throw e;
    }
  }

  /**
   * A keyframe forced on exactly every {@code gop} frames, BT.601 limited range (what {@link SceneRenderer}
   * draws), bit-exact.
   */
  private static H264Encoder.Settings settings(Scene scene) {
    return new H264Encoder.Settings(scene.width(), scene.height(), scene.fps(), 1,
        bitRate(scene.width(), scene.height(), scene.fps()), scene.gop(), true, H264Encoder.Colour.BT601, true);
  }

  /** About 0.1 bit per pixel: the static textured background costs bits in keyframes only. */
  static long bitRate(int width, int height, int fps) {
    return Math.max(200_000L, (long) width * height * fps / 10);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // the original failure is what the caller needs to see
    }
  }
}
