package io.vsp.common.wire;

import java.util.Objects;

/**
 * The {@code clips} record value (SPEC §5): one finished clip file. Its id is its event's id, so rebuilding a
 * clip after a crash replaces the file instead of adding one.
 *
 * @param startTs capture time of the clip's first frame
 * @param endTs capture time of the clip's last frame
 * @param frames frames in the file
 * @param fps the source's frame rate
 * @param path file below {@code sink.store.dir}: {@code clips/<camera>/<yyyy-MM-dd>/<id>.mp4}
 * @param url HTTP path on the sink: {@code /clips/<id>.mp4}
 * @param bytes file size
 * @param sha256 hex digest of the file
 */
public record Clip(int v, String id, String eventId, String camera, String startTs, String endTs, int frames,
                   double fps, int width, int height, boolean annotated, String path, String url, long bytes,
                   String sha256) {
  public Clip {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(camera, "camera");
  }
}
