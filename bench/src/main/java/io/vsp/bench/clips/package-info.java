/**
 * The clip benchmark ({@code bench/run clips}), one core per clip:
 * <pre>
 *   clip-sample.mp4 (720p25 H.264, GOP 1 s, made once by bytedeco's ffmpeg program)
 *      ├─► ffmpeg -threads 1 -i sample -threads 1 -c:v libopenh264 -b:v B -g 50 -f null -   the ceiling
 *      └─► h264_mp4toannexb ─► video units (in memory, as from Kafka)
 *             └─► ClipBuilder.build: decode ─► box on every frame ─► openh264 ─► MP4 +faststart ─► fsync
 * </pre>
 * Reuses {@link io.vsp.bench.FfmpegBaseline}, {@link io.vsp.bench.Throughput}, {@link io.vsp.bench.CpuTimes},
 * {@link io.vsp.bench.Machine} from {@link io.vsp.bench}.
 */
package io.vsp.bench.clips;
