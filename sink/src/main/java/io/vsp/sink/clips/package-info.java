/**
 * Clips and snapshots (SPEC §6): footage from the {@code video} topic turned into files a browser shows.
 * <pre>
 *   video units (Annex-B, one access unit each; Clipper fetches them from Kafka)
 *      └─► ClipBuilder.build
 *            UnitDecoder ─► ClipRenderer ─────────────────────────────► H264Encoder ─► Mp4Muxer ─► AtomicFile
 *            (h264/hevc,    (copy into the encoder's yuv420p frame;       (openh264,     (+faststart) (temp, fsync,
 *             new session    BoxPath: box at the frame's capture time;     constant fps,              rename)
 *             = new decoder) BoxPainter on a Yuv420Canvas)                 1 thread)
 *      └─► ClipBuilder.remux:  Remuxer (no re-encode) ─► Mp4Muxer ─► AtomicFile
 *   best frame's JPEG ─► SnapshotWriter: decode ─► BoxPainter on a BgrCanvas ─► JPEG 4:4:4 ─► AtomicFile
 * </pre>
 * Box look (colours, line width) is {@link io.vsp.sink.clips.BoxStyle}; every native object is created and
 * freed on the calling thread within one call.
 */
package io.vsp.sink.clips;
