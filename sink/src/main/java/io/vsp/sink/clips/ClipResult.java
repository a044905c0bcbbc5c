package io.vsp.sink.clips;

/**
 * What a built clip holds: enough for the {@code clips} record (SPEC §5).
 *
 * @param frames frames in the file
 * @param fps the constant frame rate written (the source's median pts step)
 * @param width frame width in the file
 * @param height frame height in the file
 * @param firstTsUs capture time of the first frame, epoch µs
 * @param lastTsUs capture time of the last frame, epoch µs
 * @param bytes file size
 * @param sha256 hex SHA-256 of the file
 * @param damagedUnits input units that were unreadable and skipped (not Annex-B, rejected by the decoder, a
 *     new session's units before its first keyframe) or decoded with errors and concealed by the decoder
 */
public record ClipResult(int frames, double fps, int width, int height, long firstTsUs, long lastTsUs, long bytes,
                         String sha256, int damagedUnits) {
  /** This result for the committed file of {@code bytes} with digest {@code sha256}. */
  public ClipResult withFile(long bytes, String sha256) {
    return new ClipResult(frames, fps, width, height, firstTsUs, lastTsUs, bytes, sha256, damagedUnits);
  }
}
