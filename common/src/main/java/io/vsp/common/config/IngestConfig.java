package io.vsp.common.config;

import java.time.Duration;

/**
 * Settings of the ingest service, which reads the cameras and publishes to Kafka.
 *
 * @param metricsPort port of {@code /metrics}, {@code /healthz}, {@code /readyz}, 0..65535 (0 = any free); default 9101
 * @param video publish the main stream's access units to the {@code video} topic; default true
 * @param watchdog stall detection and reconnect backoff; defaults {@link WatchdogConfig#DEFAULTS}
 * @param heartbeat interval of {@code status} records while a camera is online, more than 0; default 10s
 */
public record IngestConfig(int metricsPort, boolean video, WatchdogConfig watchdog, Duration heartbeat) {
  public static final IngestConfig DEFAULTS =
      new IngestConfig(9101, true, WatchdogConfig.DEFAULTS, Duration.ofSeconds(10));

  public IngestConfig {
    watchdog = watchdog == null ? WatchdogConfig.DEFAULTS : watchdog;
    heartbeat = heartbeat == null ? DEFAULTS.heartbeat : heartbeat;
    new Checks().port("metricsPort", metricsPort).positive("heartbeat", heartbeat).done();
  }
}
