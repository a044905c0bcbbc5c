package io.vsp.app;

import static io.vsp.common.testkit.KafkaTestClient.awaitRecords;
import static io.vsp.common.testkit.KafkaTestClient.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vsp.common.testkit.JavaProcess;
import io.vsp.common.testkit.KafkaAccess;
import io.vsp.common.testkit.KafkaBroker;
import io.vsp.common.testkit.RtspServer;
import io.vsp.common.wire.Json;
import io.vsp.detector.engine.InputType;
import io.vsp.detector.engine.OutputFormat;
import io.vsp.detector.synth.ModelKind;
import io.vsp.detector.synth.ModelSynth;
import io.vsp.detector.synth.SynthSpec;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka security for real (SPEC §4 {@code kafka.properties}): a broker that takes only SCRAM-SHA-512 over
 * TLS and allows only what an ACL grants; ingest, detector and sink, each its own process and its own user
 * with exactly the ACLs of {@link ServiceAcls}, get their credentials through {@code kafka.properties} alone,
 * and a colour-bar camera comes out as detections and tracked events. Clients without credentials, with a
 * wrong password or without the ACL for a topic are refused.
 */
class KafkaSecurityIT {
  private static final String PREFIX = "sec.";
  private static final Duration PIPELINE_TIMEOUT = Duration.ofSeconds(240);

  @TempDir
  Path dir;

  @Test
  void servicesWithOnlyTheirAclsRunEndToEndAndStrangersAreRefused() throws Exception {
    Path model = dir.resolve("synthetic.onnx");
    ModelSynth.write(new SynthSpec(ModelKind.SYNTHETIC, OutputFormat.BATCH, InputType.UINT8, 2, 640), model);
    try (KafkaBroker broker = KafkaBroker.startSecured(KafkaBroker.Security.SASL_SSL);
         RtspServer camera = RtspServer.builder().mount("/bars", "h264:640x360@25:gop=25:pattern=smpte100").start()) {
      KafkaAccess access = broker.access();
      Map<String, String> passwords = new HashMap<>();
      for (ServiceAcls.Service service : ServiceAcls.Service.values()) {
        String user = "vsp-" + service.name().toLowerCase();
        passwords.put(user, "pw-" + user + "-" + System.nanoTime());
        access.createUser(user, passwords.get(user));
        ServiceAcls.of(service, PREFIX).forEach(acl ->
            access.allow(user, acl.type(), acl.name(), acl.pattern(), acl.operations()));
      }

      List<JavaProcess> services = new ArrayList<>();
      try {
        services.add(service(broker, camera, model, "ingest", passwords, "--worker-id", "w1"));
        services.add(service(broker, camera, model, "detector", passwords, "--instance-id", "d1"));
        services.add(service(broker, camera, model, "sink", passwords, "--instance-id", "s1"));
        Map<String, String> admin = broker.superUserProperties();

        var detections = awaitPipeline(services, () -> awaitRecords(broker.bootstrap(), admin, PREFIX + "detections",
            all -> alive(services) && all.stream().anyMatch(r -> "bars".equals(key(r))
                && json(r).get("objects").size() >= 6),
            PIPELINE_TIMEOUT, true));
        assertThat(detections).isNotEmpty();
        // static bars: the tracker confirms each after minHits and starts an event
        var events = awaitPipeline(services, () -> awaitRecords(broker.bootstrap(), admin, PREFIX + "events",
            all -> alive(services) && all.stream().anyMatch(r -> "bars".equals(key(r))
                && "start".equals(json(r).get("type").asText())),
            PIPELINE_TIMEOUT, true));
        assertThat(events).extracting(r -> json(r).get("camera").asText()).contains("bars");

        for (JavaProcess service : services) {
          assertThat(service.isAlive()).as(service + " alive").isTrue();
          // every ACL a service needs was granted: no authorization failure, not even a retried one
          assertThat(service.output()).as(service.logFile().toString())
              .doesNotContain("AuthorizationException").doesNotContain("AUTHORIZATION_FAILED");
        }
      } finally {
        services.forEach(JavaProcess::close);
      }

      assertStrangersAreRefused(broker, passwords);
    }
  }

  private void assertStrangersAreRefused(KafkaBroker broker, Map<String, String> passwords) {
    // no credentials at all (PLAINTEXT), or TLS without SASL: the broker never answers, the call times out
    assertThatThrownBy(() -> describeCluster(broker, Map.of())).isInstanceOf(TimeoutException.class);
    Map<String, String> tlsOnly = new HashMap<>(broker.clientProperties("nobody", "x"));
    tlsOnly.put("security.protocol", "SSL");
    tlsOnly.keySet().removeIf(k -> k.startsWith("sasl."));
    assertThatThrownBy(() -> describeCluster(broker, tlsOnly)).isInstanceOf(TimeoutException.class);

    // a known user with a wrong password, and an unknown user: authentication fails
    assertThatThrownBy(() -> describeCluster(broker, broker.clientProperties("vsp-sink", "wrong")))
        .isInstanceOf(SaslAuthenticationException.class);
    assertThatThrownBy(() -> describeCluster(broker, broker.clientProperties("mallory", "x")))
        .isInstanceOf(SaslAuthenticationException.class);

    // authenticated, but without the ACL: the detector writes detections, never events
    Map<String, Object> producer = client(broker, broker.clientProperties("vsp-detector", passwords.get("vsp-detector")));
    producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    try (var p = new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer())) {
      assertThatThrownBy(() -> p.send(new ProducerRecord<>(PREFIX + "events", new byte[] {1})).get(60, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TopicAuthorizationException.class);
    }
    // and ingest reads nothing but its coordination topic
    Map<String, Object> consumer = client(broker, broker.clientProperties("vsp-ingest", passwords.get("vsp-ingest")));
    try (var c = new KafkaConsumer<>(consumer, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.assign(List.of(new TopicPartition(PREFIX + "events", 0)));
      assertThatThrownBy(() -> pollUntilRefused(c)).isInstanceOf(TopicAuthorizationException.class)
          .hasMessageContaining(PREFIX + "events");
    }
  }

  private static void describeCluster(KafkaBroker broker, Map<String, String> properties) throws Throwable {
    Map<String, Object> config = client(broker, properties);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    try (Admin admin = Admin.create(config)) {
      admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause();
    }
  }

  /** Polls until the consumer throws; a poll that returns quietly (no metadata yet) is retried for a minute. */
  private static void pollUntilRefused(KafkaConsumer<byte[], byte[]> consumer) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      consumer.poll(Duration.ofSeconds(1));
    }
  }

  private static Map<String, Object> client(KafkaBroker broker, Map<String, String> properties) {
    Map<String, Object> config = new HashMap<>(properties);
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
    return config;
  }

  /** One service as its own process, logged in as {@code vsp-<command>}; the password comes from the environment. */
  private JavaProcess service(KafkaBroker broker, RtspServer camera, Path model, String command,
                              Map<String, String> passwords, String idOption, String id) throws Exception {
    String user = "vsp-" + command;
    Map<String, String> properties = new HashMap<>(broker.clientProperties(user, "${VSP_KAFKA_PASSWORD}"));
    String yamlProperties = properties.entrySet().stream()
        .map(e -> "    " + e.getKey() + ": '" + e.getValue().replace("'", "''") + "'")
        .sorted().collect(Collectors.joining("\n"));
    Path config = Files.writeString(dir.resolve(command + ".yaml"), """
        kafka:
          bootstrap: "%s"
          topicPrefix: %s
          partitions: 2
          properties:
        %s
        cameras:
          - {id: bars, url: "%s", detect: {fps: 2, maxWidth: 640}}
        ingest: {metricsPort: 0}
        detector: {metricsPort: 0, model: "%s", batch: {max: 2, maxWait: 20ms}, maxFrameAge: 10s}
        sink:
          metricsPort: 0
          http: {port: %d}
          store: {dir: "%s"}
        """.formatted(broker.bootstrap(), PREFIX, yamlProperties, camera.url("/bars"), model, freePort(),
        dir.resolve("store")));
    assertThat(Files.readString(config)).doesNotContain(passwords.get(user));
    return JavaProcess.start(List.of("-Xmx512m", "-Dlogback.configurationFile=logback.xml"), Main.class.getName(),
        List.of(command, "--config", config.toString(), idOption, id), Map.of("VSP_KAFKA_PASSWORD", passwords.get(user)),
        dir.resolve(command + ".log"));
  }

  /** True, or fails at once when a service has exited (a refused ACL usually ends it). */
  private static boolean alive(List<JavaProcess> services) {
    services.stream().filter(s -> !s.isAlive()).findFirst().ifPresent(s -> {
      throw new IllegalStateException(s.logFile().getFileName() + " exited");
    });
    return true;
  }

  private interface Wait<T> {
    T get();
  }

  /** The wait's result; when it fails, with the last lines of each service's log (a refused ACL shows there). */
  private static <T> T awaitPipeline(List<JavaProcess> services, Wait<T> wait) {
    try {
      return wait.get();
    } catch (AssertionError | IllegalStateException e) {
      StringBuilder logs = new StringBuilder(e.getMessage());
      for (JavaProcess s : services) {
        String out = s.output();
        logs.append("\n--- ").append(s.logFile().getFileName()).append(s.isAlive() ? "" : " (exited)").append(" ---\n")
            .append(out, Math.max(0, out.length() - 6000), out.length());
      }
      throw new AssertionError(logs.toString(), e);
    }
  }

  private static JsonNode json(org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> r) {
    return Json.read(r.value(), JsonNode.class);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
