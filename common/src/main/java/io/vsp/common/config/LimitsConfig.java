package io.vsp.common.config;

import java.time.Duration;

/**
 * What a record may claim before a service refuses it as invalid (docs/ARCHITECTURE.md, "Bad records"). Every
 * topic is treated as written by a stranger: a record beyond these limits is counted, logged once per burst and
 * skipped (the detector answers a bad {@code frames} record with a {@code corrupt} detections record).
 *
 * @param maxClockSkew how far a capture time may lie ahead of the consuming service's clock; default 60s. A
 *     frame from the future would move a camera's clock past every later good frame (and Kafka brokers refuse
 *     record timestamps more than an hour ahead)
 * @param maxPixels the largest image, width × height, a {@code frames} or {@code video} record may claim;
 *     default 8192×8192. Decoding allocates what the JPEG header claims before reading a pixel
 * @param maxObjects the most objects one {@code detections} record may hold; default 300 (the detector keeps
 *     at most 300 after NMS)
 */
public record LimitsConfig(Duration maxClockSkew, int maxPixels, int maxObjects) {
  public static final LimitsConfig DEFAULTS = new LimitsConfig(Duration.ofSeconds(60), 8192 * 8192, 300);

  public LimitsConfig {
    maxClockSkew = maxClockSkew == null ? DEFAULTS.maxClockSkew : maxClockSkew;
    new Checks()
        .notNegative("maxClockSkew", maxClockSkew)
        .range("maxPixels", maxPixels, 1, Integer.MAX_VALUE)
        .range("maxObjects", maxObjects, 0, 100_000)
        .done();
  }
}
