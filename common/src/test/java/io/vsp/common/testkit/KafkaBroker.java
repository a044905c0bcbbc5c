package io.vsp.common.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node KRaft Kafka broker (combined broker and controller) run as a child JVM from
 * Kafka's own jars on the test classpath. Its ports and data folder are fixed at creation, so
 * {@link #stop()}/{@link #kill()} followed by {@link #start()} brings back the same cluster at the same
 * bootstrap address; the data folder is deleted when the test JVM exits.
 */
public final class KafkaBroker implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final int LOG_TAIL_LINES = 40;

  private static KafkaBroker shared; // guarded by KafkaBroker.class

  private final Path dir;
  private final int port;
  private final int controllerPort;
  private final boolean isShared;
  private final BrokerSecurity security; // null: PLAINTEXT, no authorizer
  private final Thread cleanupHook;
  private volatile Process process; // written under this; read by the cleanup hook without the lock

  /** The client listener's protocol of a {@link #startSecured secured} broker. */
  public enum Security { SASL_PLAINTEXT, SASL_SSL }

  private KafkaBroker(boolean isShared, Security protocol) {
    requireBrokerOnClasspath();
    this.isShared = isShared;
    try {
      this.dir = Files.createTempDirectory("vsp-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int[] ports = freePorts();
    this.port = ports[0];
    this.controllerPort = ports[1];
    this.security = protocol == null ? null : BrokerSecurity.create(protocol, dir);
    TestFiles.write(dir.resolve("server.properties"),
        KafkaBrokerFiles.serverProperties(port, controllerPort, dir.resolve("data"), security));
    TestFiles.write(dir.resolve("logback.xml"), KafkaBrokerFiles.logback(brokerLog()));
    this.cleanupHook = new Thread(this::destroy, "kafka-broker-cleanup:" + port);
    Runtime.getRuntime().addShutdownHook(cleanupHook);
    format();
  }

  /** The broker shared by all tests of this JVM: started on first use, killed when the JVM exits. */
  public static synchronized KafkaBroker shared() {
    if (shared == null) {
      KafkaBroker broker = new KafkaBroker(true, null);
      broker.start();
      shared = broker;
    }
    return shared;
  }

  /** A dedicated broker, for tests that stop, kill or restart it; close it when done. */
  public static KafkaBroker startNew() {
    return started(new KafkaBroker(false, null));
  }

  /**
   * A dedicated broker that authenticates every client with SCRAM-SHA-512 (over TLS for
   * {@link Security#SASL_SSL}) and authorizes by ACL only, nothing allowed by default. Its super user
   * ({@link #superUserProperties()}) creates users and ACLs through {@link KafkaAccess}; close it when done.
   */
  public static KafkaBroker startSecured(Security protocol) {
    return started(new KafkaBroker(false, protocol));
  }

  private static KafkaBroker started(KafkaBroker broker) {
    try {
      broker.start();
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
    return broker;
  }

  /** {@code 127.0.0.1:<port>}, stable across restarts. */
  public String bootstrap() {
    return "127.0.0.1:" + port;
  }

  /**
   * The client properties (security.protocol, sasl.*, ssl.truststore.*, without bootstrap.servers) that log
   * in as {@code user}, as a VSP config's {@code kafka.properties} would carry them.
   */
  public Map<String, String> clientProperties(String user, String password) {
    if (security == null) {
      throw new IllegalStateException("broker " + bootstrap() + " is not secured: use KafkaBroker.startSecured");
    }
    return security.clientProperties(user, password);
  }

  /** {@link #clientProperties} of the super user, who may do anything; empty for an unsecured broker. */
  public Map<String, String> superUserProperties() {
    return security == null ? Map.of()
        : security.clientProperties(BrokerSecurity.SUPER_USER, security.superUserPassword());
  }

  /** Users and ACLs of this broker, managed as the super user. */
  public KafkaAccess access() {
    return new KafkaAccess(bootstrap(), superUserProperties());
  }

  /** The folder holding server.properties, broker.log (WARN and above) and the data. */
  public Path dir() {
    return dir;
  }

  /** Starts (or restarts) the broker on its ports and data, and waits until clients can use it. */
  public synchronized void start() {
    if (isRunning()) {
      throw new IllegalStateException("Kafka broker " + bootstrap() + " is already running");
    }
    List<String> jvmArgs = List.of("-Xmx512m", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
        "-Dlogback.configurationFile=" + dir.resolve("logback.xml"));
    ProcessBuilder builder = new ProcessBuilder(TestJvm.command(jvmArgs, "kafka.Kafka", List.of("server.properties")))
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(Redirect.appendTo(dir.resolve("console.log").toFile()));
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Kafka broker JVM", e);
    }
    awaitReady(process);
  }

  /** Graceful shutdown (SIGTERM, controlled shutdown), waiting for the process to exit. */
  public synchronized void stop() {
    refuseOnShared("stop");
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    if (!waitForExit(process, STOP_TIMEOUT)) {
      process.destroyForcibly();
      waitForExit(process, STOP_TIMEOUT);
    }
  }

  /** Abrupt death (SIGKILL), waiting for the process to be gone. */
  public synchronized void kill() {
    refuseOnShared("kill");
    killProcess();
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Kills the broker and deletes its folder; does nothing for the {@link #shared()} broker. */
  @Override
  public void close() {
    if (isShared) {
      return;
    }
    destroy();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanupHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down and the hook runs (or ran) anyway
    }
  }

  @Override
  public String toString() {
    return "KafkaBroker[" + bootstrap() + (security == null ? "" : ", " + security.protocol())
        + (isRunning() ? ", running" : ", stopped") + ", " + dir + "]";
  }

  /** Also the shutdown hook: takes no lock, so a start() stuck in its wait cannot block JVM exit. */
  private void destroy() {
    killProcess();
    TestFiles.deleteQuietly(dir);
  }

  private void killProcess() {
    Process p = process;
    if (p != null && p.isAlive()) {
      p.destroyForcibly();
      waitForExit(p, STOP_TIMEOUT);
    }
  }

  private void refuseOnShared(String action) {
    if (isShared) {
      throw new IllegalStateException("cannot " + action + " the shared broker: other tests use it; "
          + "use KafkaBroker.startNew() for a broker of your own");
    }
  }

  /** The broker is a test-scoped dependency of common, so it does not come along with the test-jar. */
  private static void requireBrokerOnClasspath() {
    try {
      Class.forName("kafka.Kafka", false, KafkaBroker.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("kafka.Kafka is not on the test classpath: add "
          + "org.apache.kafka:kafka_2.13 (scope test) to this module's pom", e);
    }
  }

  private void format() {
    String clusterId = Uuid.randomUuid().toString();
    Path formatLog = dir.resolve("format.log");
    List<String> args = new ArrayList<>(List.of("format", "--standalone", "-t", clusterId, "-c", "server.properties"));
    if (security != null) {
      args.addAll(security.formatArguments());
    }
    List<String> jvmArgs = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-Dlogback.configurationFile=" + dir.resolve("logback.xml"));
    try {
      Process format = new ProcessBuilder(TestJvm.plainCommand(jvmArgs, "kafka.tools.StorageTool", args))
          .directory(dir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(formatLog.toFile())
          .start();
      if (!waitForExit(format, START_TIMEOUT)) {
        format.destroyForcibly();
        throw new IllegalStateException("Kafka StorageTool format did not finish within " + START_TIMEOUT
            + ":\n" + TestFiles.tail(formatLog, LOG_TAIL_LINES));
      }
      if (format.exitValue() != 0) {
        throw new IllegalStateException("Kafka StorageTool format failed with exit code " + format.exitValue()
            + ":\n" + TestFiles.tail(formatLog, LOG_TAIL_LINES));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run Kafka's StorageTool", e);
    }
  }

  /** Polls (port open, then Admin.describeCluster) until the broker serves clients or the deadline passes. */
  private void awaitReady(Process started) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!portOpen() && started.isAlive() && System.nanoTime() < deadline) {
      pause();
    }
    Map<String, Object> config = new HashMap<>(superUserProperties());
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
    config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
    String lastError = "port " + port + " not open";
    try (Admin admin = Admin.create(config)) {
      while (started.isAlive() && System.nanoTime() < deadline) {
        try {
          if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          lastError = String.valueOf(e.getCause() != null ? e.getCause() : e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          killProcess();
          throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
        pause();
      }
    }
    String state = started.isAlive() ? "still not ready after " + START_TIMEOUT.toSeconds() + " s (" + lastError + ")"
        : "exited with code " + started.exitValue();
    killProcess();
    throw new IllegalStateException("Kafka broker " + bootstrap() + " " + state
        + "\n--- broker.log (last lines) ---\n" + TestFiles.tail(brokerLog(), LOG_TAIL_LINES)
        + "\n--- console (last lines) ---\n" + TestFiles.tail(dir.resolve("console.log"), LOG_TAIL_LINES));
  }

  private boolean portOpen() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private Path brokerLog() {
    return dir.resolve("broker.log");
  }

  private static boolean waitForExit(Process p, Duration timeout) {
    try {
      return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
    }
  }

  /** Two distinct free ports, held together while picked so they cannot be the same. */
  private static int[] freePorts() {
    try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
         ServerSocket b = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return new int[] {a.getLocalPort(), b.getLocalPort()};
    } catch (IOException e) {
      throw new UncheckedIOException("cannot pick free ports", e);
    }
  }
}
