package io.vsp.app.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.raft.DynamicVoter;
import org.apache.kafka.raft.DynamicVoters;

/**
 * A single-node KRaft Kafka broker (broker and controller in one) running inside this JVM, for
 * {@code vsp demo}: its data lives in a temporary folder that {@link #close()} deletes, it listens on
 * 127.0.0.1 only, and it is sized for one demo camera (one partition per topic, internal topics
 * replicated once, records up to 8 MiB).
 *
 * <p>Failure contract: {@link #start} either returns a broker that serves clients or throws (and leaves
 * no folder behind). The owner must call {@link #close()}; no shutdown hook does it, because on Ctrl-C
 * the demo still needs the broker to end its events and finish their clips before it closes it.
 */
public final class EmbeddedBroker implements AutoCloseable {

  /** Largest record value the demo sends (a 1080p keyframe or JPEG stays far below). */
  public static final int MAX_RECORD_BYTES = 8 << 20;
  /** Room for the record batch header, key and headers above {@link #MAX_RECORD_BYTES}. */
  private static final int RECORD_OVERHEAD_BYTES = 64 << 10;
  private static final int NODE_ID = 1;
  private static final String HOST = "127.0.0.1";
  private static final String CONTROLLER_LISTENER = "CONTROLLER";

  private final Path dir;
  private final int port;
  private final KafkaRaftServer server;
  private boolean closed; // guarded by this

  private EmbeddedBroker(Path dir, int port, KafkaRaftServer server) {
    this.dir = dir;
    this.port = port;
    this.server = server;
  }

  /** Starts a broker on a free port and returns once it serves clients. */
  public static EmbeddedBroker start() {
    return start(0);
  }

  /**
   * Starts a broker listening on {@code 127.0.0.1:port} (0: a free port) and returns once it serves
   * clients (the broker is registered and unfenced).
   *
   * @throws IllegalStateException when the storage cannot be formatted or the broker does not start
   */
  public static EmbeddedBroker start(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535: " + port);
    }
    Path dir = createTempDir();
    try {
      int[] ports = freePorts(port);
      Map<String, Object> props = serverProperties(ports[0], ports[1], dir.resolve("data"));
      format(ports[1], dir.resolve("data"));
      KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
      try {
        server.startup();
      } catch (RuntimeException e) {
        shutdownQuietly(server);
        throw e;
      }
      return new EmbeddedBroker(dir, ports[0], server);
    } catch (RuntimeException e) {
      deleteRecursively(dir);
      throw new IllegalStateException("the embedded Kafka broker did not start: " + e, e);
    }
  }

  /** {@code 127.0.0.1:<port>}. */
  public String bootstrap() {
    return HOST + ":" + port;
  }

  public int port() {
    return port;
  }

  /** The temporary folder holding the broker's data; gone after {@link #close()}. */
  public Path dir() {
    return dir;
  }

  /** Clean shutdown (controlled: logs flushed and closed), then deletes the data folder. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.shutdown();
      server.awaitShutdown();
    } finally {
      deleteRecursively(dir);
    }
  }

  @Override
  public String toString() {
    return "EmbeddedBroker[" + bootstrap() + ", " + dir + "]";
  }

  /**
   * Combined broker and controller, everything replicated once. Internal topics get one partition so
   * the first consumer group or transaction does not wait for 50 partitions to be created, and groups
   * start without the initial rebalance delay. Topics are created by the services (SPEC §4
   * {@code kafka.partitions}), never implicitly by a client's metadata request.
   */
  static Map<String, Object> serverProperties(int port, int controllerPort, Path dataDir) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(NODE_ID));
    p.put("listeners",
        "PLAINTEXT://" + HOST + ":" + port + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    // a dynamic quorum of this one node, as `kafka-storage format --standalone` makes it;
    // controller.quorum.voters would contradict it
    p.put("controller.quorum.bootstrap.servers", HOST + ":" + controllerPort);
    p.put("log.dirs", dataDir.toString()); // also the metadata log's folder (no metadata.log.dir)
    p.put("num.partitions", "1");
    p.put("auto.create.topics.enable", "false");
    p.put("message.max.bytes", Integer.toString(MAX_RECORD_BYTES + RECORD_OVERHEAD_BYTES));
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("group.streams.initial.rebalance.delay.ms", "0");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("share.coordinator.state.topic.num.partitions", "1");
    return p;
  }

  /**
   * What {@code kafka-storage format --standalone} does: meta.properties and the bootstrap snapshot,
   * with this node as the only voter of the metadata quorum.
   */
  private static void format(int controllerPort, Path dataDir) {
    DynamicVoter self = new DynamicVoter(Uuid.randomUuid(), NODE_ID, HOST, controllerPort);
    try {
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .setUnstableFeatureVersionsEnabled(false)
          .setControllerListenerName(CONTROLLER_LISTENER)
          .setMetadataLogDirectory(dataDir.toString())
          .addDirectory(dataDir.toString())
          .setWriteBootstrapSnapshot(true)
          .setHasDynamicQuorum(true)
          .setInitialControllers(new DynamicVoters(List.of(self)))
          .run();
    } catch (Exception e) {
      throw new IllegalStateException("formatting the Kafka storage in " + dataDir + " failed: " + e, e);
    }
  }

  private static void shutdownQuietly(KafkaRaftServer server) {
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException ignored) {
      // the start failure is what the caller reports
    }
  }

  private static Path createTempDir() {
    try {
      return Files.createTempDirectory("vsp-demo-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a folder for the embedded Kafka broker", e);
    }
  }

  /** The client port ({@code port}, or a free one for 0) and a free controller port, distinct. */
  private static int[] freePorts(int port) {
    try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
         ServerSocket b = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      if (port == 0) {
        return new int[] {a.getLocalPort(), b.getLocalPort()};
      }
      return new int[] {port, a.getLocalPort() != port ? a.getLocalPort() : b.getLocalPort()};
    } catch (IOException e) {
      throw new UncheckedIOException("cannot pick free ports", e);
    }
  }

  static void deleteRecursively(Path root) {
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          Files.deleteIfExists(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (NoSuchFileException e) {
      // already gone
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
