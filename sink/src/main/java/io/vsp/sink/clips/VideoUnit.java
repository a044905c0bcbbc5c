package io.vsp.sink.clips;

import java.util.Objects;

/**
 * One {@code video} topic record (SPEC §5): an Annex-B access unit; keyframes start with their parameter
 * sets, so every keyframe starts a decodable sequence.
 *
 * @param data the access unit, Annex-B (start codes); not copied, callers must not change it afterwards
 * @param ptsUs presentation time in the camera's clock, µs
 * @param dtsUs decoding time in the camera's clock, µs
 * @param tsUs capture wall-clock time, epoch µs (what detections and event paths are timed by)
 * @param key whether this unit is a keyframe
 * @param codec {@code h264} or {@code hevc}
 * @param width frame width from the record's headers
 * @param height frame height from the record's headers
 * @param session the ingest connection this unit came from; pts restart with a new session
 */
public record VideoUnit(byte[] data, long ptsUs, long dtsUs, long tsUs, boolean key, String codec, int width,
                        int height, String session) {
  public static final String H264 = "h264";
  public static final String HEVC = "hevc";

  public VideoUnit {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(session, "session");
    if (!H264.equals(codec) && !HEVC.equals(codec)) {
      throw new IllegalArgumentException("codec must be h264 or hevc, not " + codec);
    }
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("frame size must be positive, not " + width + "x" + height);
    }
  }
}
