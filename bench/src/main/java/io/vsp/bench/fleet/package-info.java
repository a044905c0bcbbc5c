/**
 * The fleet benchmark ({@code bench/run fleet}): what one more camera costs a service, measured from outside the
 * service's own JVM ({@code /proc/<pid>}), as deployed.
 * <pre>
 *   ingest part:   camera.mp4 (640x360p25, made once) ─► RtspServer, one looping file mount per camera
 *                      ─► vsp ingest (child JVM, N cameras, detect 2 fps) ─► video, frames, status ─► broker
 *   tracker part:  DetectionsFeed (this JVM, N cameras × 5 fps, 10 objects, paced) ─► detections ─► broker
 *                      ─► vsp sink (child JVM, clips off): tracker ─► events, tracks changelog
 *   each pass:     warm-up, then Window: CPU of service / broker / source / other programs, threads, RSS,
 *                  records and bytes each topic gained; FleetReport: median (min-max) per size, LinearFit slopes
 * </pre>
 */
package io.vsp.bench.fleet;
