package io.vsp.common.wire;

import java.util.Objects;

/**
 * The {@code status} record value (SPEC §5): a camera's state, sent on every change and every heartbeat.
 *
 * @param ts capture-clock time of the record, RFC 3339 UTC
 * @param reason why the camera is in this state, credentials masked; empty when nothing to say
 * @param worker the ingest worker reading the camera
 */
public record CameraStatus(int v, String camera, String state, String ts, String reason, String worker) {
  public static final String ONLINE = "online";
  public static final String CONNECTING = "connecting";
  public static final String OFFLINE = "offline";
  public static final String DISABLED = "disabled";

  public CameraStatus {
    Objects.requireNonNull(camera, "camera");
    if (!state.equals(ONLINE) && !state.equals(CONNECTING) && !state.equals(OFFLINE)
        && !state.equals(DISABLED)) {
      throw new IllegalArgumentException("unknown camera state " + state);
    }
    reason = reason == null ? "" : reason;
  }
}
