package io.vsp.sink.http;

import io.vsp.common.wire.Clip;
import io.vsp.common.wire.Event;
import java.util.List;

/**
 * One event as {@code /api/events} returns it and the page shows it: the fields of the event's latest record,
 * and its clip once the clip's {@code clips} record has arrived (absent before, so a page never offers a clip
 * that does not exist yet).
 *
 * @param type type of the latest record: {@code start}, {@code update} or {@code end}
 * @param snapshot HTTP path of the snapshot, {@code /snapshots/<id>.jpg}; the file may not exist yet
 * @param clip the finished clip, or null
 */
public record EventView(String id, String camera, String type, String endReason, long track, String label,
                        double score, double topScore, double[] box, List<String> zones, String startTs,
                        String endTs, String ts, String snapshot, ClipView clip) {

  /**
   * @param url HTTP path of the clip, {@code /clips/<id>.mp4}
   * @param startTs capture time of the clip's first frame (pre-roll included)
   * @param endTs capture time of the clip's last frame
   */
  public record ClipView(String url, long bytes, int frames, double fps, int width, int height, String startTs,
                         String endTs, boolean annotated) {
    static ClipView of(Clip clip) {
      String url = clip.url() != null ? clip.url() : "/clips/" + clip.id() + ".mp4";
      return new ClipView(url, clip.bytes(), clip.frames(), clip.fps(), clip.width(), clip.height(), clip.startTs(),
          clip.endTs(), clip.annotated());
    }
  }

  static EventView of(Event event, Clip clip) {
    String snapshot = event.snapshot() != null ? event.snapshot() : "/snapshots/" + event.id() + ".jpg";
    return new EventView(event.id(), event.camera(), event.type(), event.endReason(), event.track(), event.label(),
        event.score(), event.topScore(), event.box(), event.zones(), event.startTs(), event.endTs(), event.ts(),
        snapshot, clip == null ? null : ClipView.of(clip));
  }
}
