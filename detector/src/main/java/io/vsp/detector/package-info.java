/**
 * The detector: {@code frames} → batches → engine → {@code detections}, in stages that meet at one
 * {@link io.vsp.detector.batch.BatchExchange} (see docs/DETECTOR.md).
 *
 * <pre>
 *  frames ─► FrameBatcher "batch:model"        owns the consumer; FrameReader: an invalid record → corrupt;
 *              │                               stale frames sorted out
 *              │ BatchPreprocessor             JPEG → letterbox straight into the open batch's input buffer,
 *              │                               on this thread and the "preprocess-N:model" helpers
 *              │ HandOver                      full: at once; not full: maxWait after its first frame, once
 *              ▼                               an engine slot is free
 *           BatchExchange                      all the stages share: free input buffers, the formed batch,
 *              │                               inferred batches (in hand-over order), rewinds, commits
 *              ▼
 *           BatchInferrer "infer:model"        engine.infer; one thread per batch in flight; the input
 *              │                               buffer goes back to the exchange at once
 *              ▼ (through the exchange, in hand-over order)
 *           DetectionsPublisher "publish:model" DetectionsDecoder: NMS → one record per frame; exactly once:
 *              │                               the records and the offsets in one Kafka transaction
 *              ▼
 *          detections
 * </pre>
 */
package io.vsp.detector;
