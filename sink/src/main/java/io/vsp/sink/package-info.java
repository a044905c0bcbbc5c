/**
 * The sink: per-frame detections become tracked object events, and events become snapshots, annotated clips
 * and a page to watch them.
 *
 * <pre>
 *  detections ─┐
 *              ├─► tracker (Kafka Streams, exactly_once_v2; store "tracks": camera → CameraTracks) ─► events
 *  status ─────┘       Tracker: filters (labels, masks, lowScore) → motion prediction → matching (high
 *                      scores, then low ones to the tracks left) → EventRules
 *
 *  events ─► clips.Clipper ─┬─ start/update: frames record of the best detection ─► SnapshotWriter ─► store
 *                           └─ end: video topic (VideoFetcher) ─► ClipBuilder (decode, draw, openh264 MP4)
 *                                   ─► store ─► clips record
 *
 *  events + clips ─► http.EventFeed ─► EventIndex ─► SinkHttpServer: /, /api/events, /clips, /snapshots
 *  store.StoreCleanup: maxAge, then maxBytes, oldest first
 * </pre>
 *
 * {@link io.vsp.sink.SinkService} wires the stages in this order.
 */
package io.vsp.sink;
