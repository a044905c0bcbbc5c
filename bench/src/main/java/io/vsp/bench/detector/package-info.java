/**
 * The detector benchmark, {@link io.vsp.bench.detector.DetectorBench} ({@code bench/run detector}).
 *
 * <p>Part one, throughput per fixed batch size B, both in the same run:
 * <pre>
 *   bench model exported at batch B (ModelSynth, 16.7 GFLOPs per image)
 *      ├─► BareOrt: session.run on a tensor filled once             the ceiling: B × runs/s
 *      └─► ServiceRun:
 *            SampleJpegs (ingest's encoder, 1280x720 q85) ─► FrameFeed: backlog, 4 cameras ─► frames
 *            frames ─► DetectorService (batch:* → infer:*, ONNX Runtime, exactly once) ─► detections
 *            detections ─► DetectionsWatch (read_committed): first record → last record = VSP frames/s
 *            meanwhile: CPU by thread (CpuTimes), engine time (MetricsReading), StackProfile of batch:/infer:
 *   PreprocessCost: JPEG decode and letterbox alone, to see what the batch thread costs
 * </pre>
 * Part two, {@link io.vsp.bench.detector.LatencyRun}: FrameFeed live at a share of the measured
 * throughput, capture time = now; capture → detections sent ({@code timing.e2eMs}) and → readable.
 */
package io.vsp.bench.detector;
