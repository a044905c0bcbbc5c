package io.vsp.common.inbound;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.logging.BurstLog;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one policy for records that break {@link RecordRules}, in every service: count them in
 * {@code vsp_invalid_records_total{service,topic,reason}}, log the first of a burst (then at most once per 10 s
 * per topic and reason, with how many were left out), and let the caller skip them. A bad record never crashes
 * a thread, stalls a partition or enters state. One per service and registry; thread-safe.
 *
 * <p>{@code topic} is the topic's name without {@code kafka.topicPrefix} ({@code frames}, {@code events}...), so
 * dashboards and alerts do not depend on the prefix and the series stay few.
 */
public final class InvalidRecords {
  private static final Logger log = LoggerFactory.getLogger(InvalidRecords.class);
  private static final long BURST_WINDOW_MILLIS = 10_000;

  private final Counter counter;
  private final String service;
  private final String topicPrefix;
  private final Map<String, BurstLog> logs = new ConcurrentHashMap<>(); // topic|reason: bounded by both sets

  /**
   * @param topics the topics this service reads, without prefix: their series start at zero for every reason
   */
  public InvalidRecords(PrometheusRegistry registry, String service, String topicPrefix, List<String> topics) {
    this.service = service;
    this.topicPrefix = topicPrefix;
    this.counter = Counter.builder().name("vsp_invalid_records_total")
        .help("Incoming records refused as invalid and skipped, by service, topic and reason")
        .labelNames("service", "topic", "reason").register(registry);
    for (String topic : topics) {
      for (Reason reason : Reason.values()) {
        counter.labelValues(service, topic, reason.label());
      }
    }
  }

  /** Counts and logs a refused record; the caller skips it (or, in the detector, answers it as corrupt). */
  public void skip(Inbound r, InvalidRecordException e) {
    String topic = shortName(r.topic());
    counter.labelValues(service, topic, e.reason().label()).inc();
    logs.computeIfAbsent(topic + "|" + e.reason().label(), k -> new BurstLog(log, BURST_WINDOW_MILLIS))
        .warn("{}: invalid {} record at {} ({}): {}; skipped", service, topic, r.where(), e.reason().label(),
            e.getMessage());
  }

  /** How many records were refused for this topic (without prefix) and reason; for tests and the demo. */
  public double count(String topic, Reason reason) {
    return counter.labelValues(service, topic, reason.label()).get();
  }

  private String shortName(String topic) {
    return topic.startsWith(topicPrefix) ? topic.substring(topicPrefix.length()) : topic;
  }
}
