package io.vsp.sink.clips;

import io.vsp.common.wire.Event;
import java.util.List;
import java.util.Objects;

/**
 * What a clip draws: one tracked object.
 *
 * @param label the object's class name, drawn and used for the box colour ({@link BoxStyle#rgb})
 * @param track the tracker's number, drawn as {@code #17}
 * @param path the track's matched detections in capture-time order: ISO-8601 {@code ts}, box as x1, y1, x2, y2
 *     fractions of the frame, score (the {@code path} of an {@code end} event)
 */
public record Annotation(String label, long track, List<Event.PathPoint> path) {
  public Annotation {
    Objects.requireNonNull(label, "label");
    path = List.copyOf(Objects.requireNonNull(path, "path"));
  }
}
