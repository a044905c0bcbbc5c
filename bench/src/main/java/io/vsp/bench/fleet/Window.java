package io.vsp.bench.fleet;

import io.vsp.bench.CpuTimes;
import io.vsp.bench.TopicStats;
import io.vsp.common.kafka.KafkaClients;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One measuring window of a fleet pass: CPU time of the service process, the broker, the source of its input
 * (RTSP simulator, or this JVM's detections feed) and of everything else on the machine, taken at both ends;
 * threads and resident memory of the service at the end; what each topic of the pass gained in between.
 */
final class Window {
  /**
   * What a window measured; cores are CPU seconds per wall second.
   *
   * @param sourceCores the RTSP simulator (ingest part) or this JVM, i.e. the detections feed (tracker part)
   * @param otherCores what other programs on the machine took meanwhile
   * @param topics records and bytes each topic of the pass gained, by name without the prefix
   */
  record Result(double seconds, double serviceCores, int threads, long rssBytes, double brokerCores,
                double sourceCores, double otherCores, String loadStart, String loadEnd,
                Map<String, TopicStats.Traffic> topics) {
    TopicStats.Traffic topic(String name) {
      return topics.getOrDefault(name, new TopicStats.Traffic(0, 0));
    }
  }

  private Window() {}

  /**
   * Measures {@code length} of the running pass.
   *
   * @param source a child process feeding the service, or empty when this JVM feeds it
   */
  static Result measure(long servicePid, Optional<ProcessHandle> broker, Optional<ProcessHandle> source,
                        KafkaClients clients, String prefix, Duration length) throws Exception {
    String loadStart = ProcessStats.loadAverage();
    Map<String, TopicStats.Traffic> before = TopicStats.traffic(clients, prefix);
    long busy = CpuTimes.machineBusyNanos();
    long service = ProcessStats.of(servicePid).cpuNanos();
    long brokerCpu = CpuTimes.processNanos(broker);
    long sourceCpu = source.isPresent() ? CpuTimes.processNanos(source) : CpuTimes.processNanos();
    long start = System.nanoTime();
    Thread.sleep(length.toMillis());
    double seconds = (System.nanoTime() - start) / 1e9;
    ProcessStats end = ProcessStats.of(servicePid);
    service = end.cpuNanos() - service;
    brokerCpu = CpuTimes.processNanos(broker) - brokerCpu;
    sourceCpu = (source.isPresent() ? CpuTimes.processNanos(source) : CpuTimes.processNanos()) - sourceCpu;
    busy = CpuTimes.machineBusyNanos() - busy;
    Map<String, TopicStats.Traffic> after = TopicStats.traffic(clients, prefix);
    Map<String, TopicStats.Traffic> gained = new LinkedHashMap<>();
    after.forEach((topic, now) -> gained.put(topic.substring(prefix.length()),
        now.minus(before.getOrDefault(topic, new TopicStats.Traffic(0, 0)))));
    double others = Math.max(0, busy - service - brokerCpu - sourceCpu) / 1e9 / seconds;
    return new Result(seconds, service / 1e9 / seconds, end.threads(), end.rssBytes(), brokerCpu / 1e9 / seconds,
        sourceCpu / 1e9 / seconds, others, loadStart, ProcessStats.loadAverage(), gained);
  }
}
