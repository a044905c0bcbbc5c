package io.vsp.app.plan;

/**
 * The measured costs {@code vsp plan} sizes a fleet from, each with where it was measured. Update a value
 * together with the section it names in {@code docs/BENCHMARKS.md} and {@code docs/OPERATIONS.md}
 * ("Capacity planning"). All per camera or per frame, one Kafka replica, on the 2-core AMD EPYC KVM guest the
 * benchmarks run on (a faster core does the same work in less CPU time: these are upper bounds for it).
 */
final class FleetCosts {
  private FleetCosts() {}

  // ---- ingest: BENCHMARKS.md "Fleet on a quiet machine", bench/run fleet, 2 December 2026 17:59-18:35 UTC ----

  /**
   * Ingest JVM cores per 640x360 25 fps H.264 camera decoded and sampled at 2 fps, as deployed: the slope over the
   * 15 passes (5/10/20 cameras) of two quiet-machine runs (0.0222 and 0.0194 apart).
   */
  static final double INGEST_CORES_PER_CAMERA_640 = 0.0205;
  /**
   * Ingest JVM resident memory per such camera, MB, as deployed ({@code -XX:+UseSerialGC -Xms32m},
   * {@code MALLOC_ARENA_MAX=2}: bin/vsp, deploy files): the slope over 10/20/40 cameras, 2 runs, in
   * BENCHMARKS.md "Tracker state layout 3; ingest at 40 cameras" (20:41-20:46 UTC). 5.7 MB over 5/10/20 cameras
   * in the runs above; 9.9 MB before the change with -Xmx256m, 20 MB with G1's defaults. The 10/20/40 run gave
   * 0.0174 cores per camera: the cores above are the larger figure.
   */
  static final double INGEST_RSS_MB_PER_CAMERA = 7.1;
  /** Ingest JVM resident memory with no camera, MB, as deployed (intercept of the same fit). */
  static final double INGEST_RSS_MB_BASE = 182;
  /** Width of the streams those ingest numbers were measured on; decode cost is scaled by pixels from here. */
  static final int INGEST_MEASURED_WIDTH = 640;
  /** Log bytes of one sampled 640x360 JPEG at quality 85 (the fleet file: test pattern + sensor-like noise). */
  static final double JPEG_BYTES_640 = 23_600;

  // ---- tracker: BENCHMARKS.md "Tracker state layout 3; ingest at 40 cameras", bench/run fleet, 2 Dec 20:30-21:00 UTC ----

  /**
   * Sink JVM CPU ms per camera-frame with 10 objects: the slope of the sink's cores against the detections
   * records it processed, over 12 passes (two runs) of 300/600/1000 cameras at 5 fps, which it kept pace with
   * (0.047 and 0.058 in the two runs apart; 0.149 with tracker state layout 2). Issue 13's goal is 0.05.
   */
  static final double TRACKER_MS_PER_CAMERA_FRAME = 0.053;
  /** Sink JVM cores with the tracker running but idle (intercept of the same fit: commits, polls, GC, JIT). */
  static final double TRACKER_CORES_BASE = 0.171;
  /** Log bytes of one detections record with 10 objects (6.3 KB/s per camera at 5 fps). */
  static final double DETECTIONS_BYTES_PER_FRAME = 1_260;
  /**
   * Tracker changelog log bytes per processed frame with 10 live tracks whose paths grow (8.4 KB/s per camera
   * at 5 fps in the 600- and 1000-camera passes of the same run; ~0.9 KB once paths stop at clips.maxLength).
   */
  static final double CHANGELOG_BYTES_PER_FRAME = 1_680;

  // ---- events: OPERATIONS.md "Kafka sizing", measured in the demo (28 November 2026) ----

  /** Events bytes per camera-second with objects always in view (an upper bound for most cameras). */
  static final double EVENTS_BYTES_PER_CAMERA_SECOND = 1_200;

  // ---- detector: BENCHMARKS.md "Detector" (28 November 2026) and "Preprocessing alone" (2 December 2026) ----

  /** Frames/s one detector process infers on a 2-core CPU host with the bench model (YOLO-NAS S compute), batch 4. */
  static final double DETECTOR_CPU_FPS_PER_PROCESS = 23.7;
  /**
   * Detector-JVM CPU ms per frame fed to a near-free engine (the host ceiling: poll, JPEG decode at reduced scale,
   * letterbox, raw-output decoding, NMS, JSON, Kafka transaction; the broker apart), by JPEG width, lowest median
   * over preprocess.threads 1 and 2, uint8 model input (super-gradients' export with its preprocessing): BENCHMARKS.md
   * "Host ceiling after the border memo, split and lent output buffers", quiet machine, 2 December 2026 17:56-17:59 UTC.
   */
  static final double DETECTOR_HOST_MS_640 = 2.26;
  static final double DETECTOR_HOST_MS_1280 = 3.04;
  static final double DETECTOR_HOST_MS_1920 = 4.85;
  /** The share of a GPU detector host's cores planned busy: headroom so a burst does not queue (an assumption). */
  static final double DETECTOR_HOST_CORE_SHARE = 0.8;

  // ---- defaults and assumptions (SPEC §5, OPERATIONS.md) ----

  /** Main-stream bit rate when --video-mbps is not given: the middle of OPERATIONS.md's 2-6 Mbit/s. */
  static final double DEFAULT_VIDEO_MBPS = 4;
  /**
   * Cores one sink instance's tracker can use: its Kafka Streams runs one stream thread (the default
   * {@code num.stream.threads}; SinkService does not set it), so more tracker CPU means more instances.
   */
  static final double TRACKER_CORES_PER_INSTANCE = 1;
  /** Share of a host's cores a planned process may use, leaving room for bursts and the OS. */
  static final double HOST_CORE_SHARE = 0.7;
  /** Write rate per partition the planner allows before adding partitions (an operating margin, not measured). */
  static final double PARTITION_BYTES_PER_SECOND = 10e6;
}
