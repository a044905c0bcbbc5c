/**
 * Ingest: RTSP cameras into Kafka.
 *
 * <pre>
 *  config file + camerasDir ──► IngestService ◄── WorkerMembership (Kafka group: which cameras are mine)
 *                                   │ one CameraSupervisor per owned camera
 *                                   ▼
 *            StreamLoop "capture:cam" (main stream)      StreamLoop "detect:cam" (detectUrl, optional)
 *                 │ StreamReader (FFmpeg demuxer, watchdog)     │ StreamReader
 *                 ▼                                             ▼
 *       VideoPublisher: packets → access units        FramePublisher: FrameDecoder → FrameSampler
 *       (Annex-B, parameter sets on keyframes)          → JpegPublisher "jpeg:cam" (scale + JPEG)
 *                 │                                             │
 *                 └──────────────► MediaPublisher ◄─────────────┘   (non-blocking; drops counted)
 *                                   │
 *                        Kafka: video · frames · status
 * </pre>
 *
 * <p>Without {@code detectUrl} one connection does both: every packet is recorded and decoded.
 */
package io.vsp.ingest;
