package io.vsp.common.testkit;

import java.nio.file.Path;

/** The configuration files a test broker runs with: KRaft server.properties and a quiet Logback setup. */
final class KafkaBrokerFiles {

  private KafkaBrokerFiles() {}

  /**
   * Single node, broker and controller in one process, everything replicated once. Internal topics get
   * one partition so the first group or transaction does not wait for 50 partitions to be created, and
   * groups start without the initial rebalance delay.
   */
  static String serverProperties(int port, int controllerPort, Path dataDir, BrokerSecurity security) {
    String listener = security == null ? "PLAINTEXT" : security.protocol().name();
    String controllerProtocol = security == null ? "PLAINTEXT" : "SASL_PLAINTEXT";
    return String.join("\n",
        "process.roles=broker,controller",
        "node.id=1",
        "listeners=" + listener + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
        "advertised.listeners=" + listener + "://127.0.0.1:" + port,
        "listener.security.protocol.map=" + listener + ":" + listener + ",CONTROLLER:" + controllerProtocol,
        "inter.broker.listener.name=" + listener,
        "controller.listener.names=CONTROLLER",
        // with `format --standalone`; controller.quorum.voters would contradict it
        "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
        "log.dirs=" + dataDir,
        "num.partitions=1",
        "auto.create.topics.enable=false",
        "message.max.bytes=4194304",
        "group.initial.rebalance.delay.ms=0",
        "group.streams.initial.rebalance.delay.ms=0",
        // after a SIGKILL the restarted broker cannot register until its old session expires (9 s by default)
        "broker.heartbeat.interval.ms=500",
        "broker.session.timeout.ms=2000",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "transaction.state.log.num.partitions=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "share.coordinator.state.topic.num.partitions=1",
        security == null ? "" : security.serverProperties(),
        "");
  }

  /** WARN and above to one file; nothing on the console. */
  static String logback(Path logFile) {
    return """
        <configuration>
         <appender name="FILE" class="ch.qos.logback.core.FileAppender">
          <file>%s</file>
          <encoder><pattern>%%d{HH:mm:ss.SSS} %%-5level [%%thread] %%logger{36} - %%msg%%n</pattern></encoder>
         </appender>
         <root level="WARN"><appender-ref ref="FILE"/></root>
        </configuration>
        """.formatted(logFile);
  }
}
