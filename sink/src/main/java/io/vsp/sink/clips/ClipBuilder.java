package io.vsp.sink.clips;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a span of {@code video} records into an MP4 a browser plays (SPEC §6): decoded, the track's box
 * drawn on every frame, re-encoded as H.264 yuv420p at the source's frame rate; or, for {@code keepOriginal},
 * the untouched footage remuxed. Files are written atomically. Stateless and thread-safe: each call owns
 * its native objects on the calling thread and frees them before returning, and uses one core.
 *
 * <p>Failure contract: a damaged unit is skipped and counted ({@link ClipResult#damagedUnits}), never fatal;
 * broken rules (no units, the first not a keyframe) throw {@link IllegalArgumentException}; I/O and FFmpeg
 * failures throw {@link IOException} and leave the target as it was and no temp file behind.
 */
public final class ClipBuilder implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClipBuilder.class);
  /** {@link #build}'s {@code fromUs} for a clip of every decoded frame. */
  public static final long FROM_FIRST = Long.MIN_VALUE;

  /**
   * Decodes units (the first must be a keyframe; a session change restarts the decoder at its keyframe),
   * draws the annotation (null = none) on every frame captured at or after {@code fromUs} (the frames
   * before it only lead the decoder up from the keyframe), encodes H.264 (libopenh264) yuv420p MP4 with
   * +faststart at the source's frame rate (median pts step) into a temp file next to target, fsyncs,
   * renames atomically over target.
   *
   * @param fromUs capture time (epoch µs) of the clip's first frame; {@link #FROM_FIRST} for all of them
   */
  public ClipResult build(List<VideoUnit> units, long fromUs, Annotation annotation, Path target)
      throws IOException {
    checkUnits(units);
    FrameRate rate = FrameRate.of(units);
    long stepUs = Math.round(1e6 / rate.fps());
    AtomicFile.Written<ClipResult> written = AtomicFile.write(target, temp -> {
      try (UnitDecoder decoder = new UnitDecoder(stepUs);
           ClipRenderer renderer = new ClipRenderer(temp, rate, fromUs, annotation)) {
        for (VideoUnit unit : units) {
          decoder.decode(unit, renderer);
        }
        decoder.finish(renderer);
        renderer.finish(units.size());
        return new ClipResult(renderer.frames(), rate.fps(), renderer.width(), renderer.height(),
            renderer.firstTsUs(), renderer.lastTsUs(), 0, null, decoder.damaged());
      }
    });
    ClipResult r = written.content();
    if (r.damagedUnits() > 0) {
      log.warn("clip {}: {} of {} video units damaged or undecodable, skipped or concealed", target.getFileName(),
          r.damagedUnits(), units.size());
    }
    return r.withFile(written.bytes(), written.sha256());
  }

  /** keepOriginal: the untouched footage remuxed (no re-encode) into MP4 +faststart, atomically. */
  public ClipResult remux(List<VideoUnit> units, Path target) throws IOException {
    checkUnits(units);
    FrameRate rate = FrameRate.of(units);
    VideoUnit first = units.get(0);
    AtomicFile.Written<ClipResult> written = AtomicFile.write(target, temp -> {
      try (Remuxer remuxer = new Remuxer(temp, first, rate)) {
        for (VideoUnit unit : units) {
          remuxer.write(unit);
        }
        remuxer.finish();
        return new ClipResult(remuxer.frames(), rate.fps(), first.width(), first.height(), remuxer.firstTsUs(),
            remuxer.lastTsUs(), 0, null, remuxer.skipped());
      }
    });
    return written.content().withFile(written.bytes(), written.sha256());
  }

  /**
   * The H.264 bit rate a clip of this size and rate is encoded at (openh264 has no constant-quality mode):
   * 0.1 bit per pixel and frame, at least 500 kbit/s. Clips get a keyframe every 2 s.
   */
  public static long bitRate(int width, int height, double fps) {
    return H264Encoder.bitRate(width, height, fps);
  }

  /** Nothing to free: every call frees its own native objects. Idempotent. */
  @Override
  public void close() {}

  private static void checkUnits(List<VideoUnit> units) {
    if (units.isEmpty()) {
      throw new IllegalArgumentException("a clip needs at least one video unit");
    }
    if (!units.get(0).key()) {
      throw new IllegalArgumentException("a clip must start at a keyframe; the first unit (pts "
          + units.get(0).ptsUs() + " µs, session " + units.get(0).session() + ") is not one");
    }
  }
}
