package io.vsp.detector.batch;

import org.apache.kafka.common.TopicPartition;

/**
 * One {@code frames} record as the detector needs it: where it came from, what its headers say, the JPEG, and
 * when it was polled. Made by {@link FrameReader}, which checks it first.
 *
 * @param camera the camera id; empty when the record named no valid one
 * @param captureUs capture time, epoch µs: {@code vsp.ts} of a valid record; of an invalid one the record's
 *     Kafka timestamp (never its headers), or the read time when even that lies outside the limits
 * @param jpeg the image; empty for an invalid record
 * @param key the key the detections record goes out with: the camera id, or an invalid record's own key bytes
 *     (null when it had none)
 * @param valid false when the record broke a rule of {@code RecordRules}: it gets a {@code corrupt} record
 */
public record FrameRecord(String camera, String session, long seq, long ptsUs, long captureUs,
                          TopicPartition partition, long offset, int width, int height, byte[] jpeg,
                          long polledNanos, byte[] key, boolean valid) {}
