/**
 * Benchmarks: each VSP stage measured against its bare baseline in the same run, on the same machine.
 *
 * <p>{@link io.vsp.bench.IngestBench} ({@code bench/run ingest}), part one, a file at full speed:
 * <pre>
 *   sample.mp4 (1080p25 H.264, made once by bytedeco's ffmpeg program)
 *      ├─► ffmpeg -threads N -i sample.mp4 -f null -            FfmpegBaseline: the ceiling
 *      └─► StreamReader ─┬─► VideoPublisher ──────────────┐     FileIngestRun: the real ingest path
 *                        └─► FramePublisher ──────────────┴─► MediaPublisher ─► Kafka broker (child JVM)
 *                             (decode N threads, 5 fps, 1280 px, JPEG 85)        records counted back
 *      └─► demux │ + decode │ + sample + JPEG                    StageBreakdown: where the time goes
 * </pre>
 * Part two, {@link io.vsp.bench.RealtimeCpu}: the whole {@code IngestService} on a live RTSP camera
 * (GStreamer simulator, main 1080p25, optional 640x360 substream), CPU cores per camera.
 *
 * <p>The detector benchmark ({@code bench/run detector}) is in {@link io.vsp.bench.detector}; it reuses
 * {@link io.vsp.bench.CpuTimes}, {@link io.vsp.bench.Throughput}, {@link io.vsp.bench.Machine},
 * {@link io.vsp.bench.SampleVideo} and {@link io.vsp.bench.TopicStats} from here. The clip benchmark
 * ({@code bench/run clips}) is in {@link io.vsp.bench.clips}.
 * All three start through {@link io.vsp.bench.BenchMain} and read their {@code --name value} options
 * with {@link io.vsp.bench.Options}.
 */
package io.vsp.bench;
