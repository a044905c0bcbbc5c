package io.vsp.common.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.BlockingArrayQueue;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Builds every HTTP server of VSP (the sink's page and API, each service's metrics port) on Jetty 12 core, with
 * limits that belong to that one server: a bounded thread pool with a bounded queue, a connection cap, a
 * request-header size limit, an idle timeout, a total time for a request's headers ({@link HeaderDeadline}) and
 * a least request-body rate. Jetty parses requests asynchronously, so a client that sends half a request holds
 * a connection slot and a little memory, never a thread (the JDK's {@code com.sun.net.httpserver} read headers
 * on its worker threads, and its time limits were JVM-wide system properties: issue 10).
 */
public final class HttpServers {
  /** Largest request line plus headers; a browser's request with the token cookie needs about 1 KiB. */
  static final int MAX_REQUEST_HEADER_BYTES = 8 * 1024;
  /**
   * Least rate of a request body, bytes/s, enforced by Jetty while a body is read. VSP serves only GET and HEAD
   * and never reads a body; a body left unread is discarded without blocking, or the connection is closed.
   */
  static final long MIN_REQUEST_BODY_RATE = 1024;
  /**
   * No least response rate: it is computed over the whole response, and a browser that has buffered enough of
   * a video stops reading for as long as the user watches. A write that makes no progress is cut by the idle
   * timeout instead, and files are sent asynchronously, so a paused reader holds no thread meanwhile.
   */
  static final long MIN_RESPONSE_RATE = 0;
  /** Kernel backlog of connections waiting to be accepted, e.g. while the connection cap is reached. */
  static final int ACCEPT_QUEUE = 64;
  /** While the cap is reached, idle connections are cut after this instead of the usual idle timeout. */
  static final Duration IDLE_TIMEOUT_AT_CAP = Duration.ofSeconds(5);

  /** Threads kept when idle: the acceptor and the selector, which never return to the pool while running. */
  static final int MIN_THREADS = 2;
  /** A worker idle this long above {@link #MIN_THREADS} ends. */
  static final Duration THREAD_IDLE = Duration.ofMinutes(1);
  /** One acceptor and one selector: a few hundred connections at most, on small machines. */
  static final int ACCEPTORS = 1;
  static final int SELECTORS = 1;

  private HttpServers() {}

  /**
   * Limits of one server.
   *
   * @param threads most worker threads (acceptor and selector included); handlers never wait on a client
   * @param queue most tasks waiting for a worker; beyond it Jetty refuses the task and closes the connection.
   *     An HTTP/1.1 connection has at most one task waiting, so a queue larger than {@code connections} never
   *     refuses Jetty's own tasks (the reason Jetty warns about bounded queues at start)
   * @param connections most open connections; beyond it new ones wait in the kernel's accept backlog
   *     ({@value #ACCEPT_QUEUE}) until one closes
   * @param headerDeadline time a connection has to complete the headers of its next request, counted from
   *     its opening or the end of its previous response (a slowloris client trickling bytes is cut)
   * @param idleTimeout a connection with no read or write progress for this long is closed, a stalled
   *     response write included
   */
  public record Limits(int threads, int queue, int connections, Duration headerDeadline, Duration idleTimeout) {
    /**
     * The sink's page and API: a page load makes a handful of requests, a video a few Range requests; 16
     * threads serve many viewers since file bodies are written asynchronously; 256 connections are far more
     * than the few viewers of a self-hosted page and still cheap.
     */
    public static final Limits PAGE = new Limits(16, 320, 256, Duration.ofSeconds(10), Duration.ofSeconds(30));
    /**
     * A metrics port: Prometheus and the kubelet each keep one or two connections; 6 threads and 128
     * connections leave room for a scan or a misbehaving client without starving the scrape.
     */
    public static final Limits METRICS = new Limits(6, 160, 128, Duration.ofSeconds(10), Duration.ofSeconds(30));

    public Limits {
      if (threads < 4 || connections < 1 || queue <= connections || headerDeadline.isNegative() || headerDeadline.isZero()
          || idleTimeout.isNegative() || idleTimeout.isZero()) {
        throw new IllegalArgumentException("bad HTTP limits: " + threads + " threads (4 or more), queue " + queue
            + " (more than connections), " + connections + " connections, header deadline " + headerDeadline + ", idle " + idleTimeout);
      }
    }

    public Limits withConnections(int newConnections) {
      return new Limits(threads, Math.max(queue, newConnections + 1), newConnections, headerDeadline, idleTimeout);
    }

    public Limits withHeaderDeadline(Duration newHeaderDeadline) {
      return new Limits(threads, queue, connections, newHeaderDeadline, idleTimeout);
    }
  }

  /** A started server; {@link #close()} stops it and its threads. */
  public static final class Running implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    private Running(Server server, ServerConnector connector) {
      this.server = server;
      this.connector = connector;
    }

    public int port() {
      return connector.getLocalPort();
    }

    /** Stops listening, closes the connections and ends the threads; idempotent. */
    @Override
    public void close() {
      try {
        server.stop();
      } catch (Exception e) {
        throw new IllegalStateException("stopping the HTTP server on port " + port() + " failed", e);
      }
    }
  }

  /**
   * Starts {@code handler} on {@code host}:{@code port} under {@code limits}; threads are named {@code name-N}.
   *
   * @param host address or name to bind; null for every interface (IPv4 and IPv6)
   * @param port 0 picks a free one
   */
  public static Running start(String name, String host, int port, Limits limits, Handler handler)
      throws IOException {
    QueuedThreadPool pool = new QueuedThreadPool(limits.threads(), MIN_THREADS, (int) THREAD_IDLE.toMillis(),
        new BlockingArrayQueue<>(limits.queue()));
    pool.setName(name);
    pool.setDaemon(true);
    pool.setReservedThreads(0); // every thread is a worker: the budget above is the whole budget
    Server server = new Server(pool);

    HttpConfiguration http = new HttpConfiguration();
    http.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
    http.setMinRequestDataRate(MIN_REQUEST_BODY_RATE);
    http.setMinResponseDataRate(MIN_RESPONSE_RATE);
    http.setIdleTimeout(limits.idleTimeout().toMillis());
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    ServerConnector connector = new ServerConnector(server, ACCEPTORS, SELECTORS, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(limits.idleTimeout().toMillis());
    connector.setAcceptQueueSize(ACCEPT_QUEUE);
    HeaderDeadline deadline = new HeaderDeadline(limits.headerDeadline());
    connector.addEventListener(deadline);
    server.addConnector(connector);

    NetworkConnectionLimit cap = new NetworkConnectionLimit(limits.connections(), connector);
    cap.setEndPointIdleTimeout(IDLE_TIMEOUT_AT_CAP.toMillis());
    server.addBean(cap);

    ErrorHandler errors = new ErrorHandler(); // Jetty's own answers (400, 431, ...): no stack traces
    errors.setShowStacks(false);
    errors.setShowCauses(false);
    server.setErrorHandler(errors);
    deadline.setHandler(handler);
    server.setHandler(deadline);
    try {
      server.start();
    } catch (IOException e) {
      stopQuietly(server, e);
      throw e;
    } catch (Exception e) {
      stopQuietly(server, e);
      throw new IOException("cannot start HTTP server " + name + " on " + (host == null ? "*" : host) + ":" + port
          + ": " + e.getMessage(), e);
    }
    return new Running(server, connector);
  }

  /** Answers with {@code body} (only its length for HEAD) and completes {@code callback}. */
  public static void send(Request request, Response response, Callback callback, int status, String contentType,
                          byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    if (request.getMethod().equals("HEAD") || body.length == 0) {
      callback.succeeded();
    } else {
      response.write(true, ByteBuffer.wrap(body), callback);
    }
  }

  private static void stopQuietly(Server server, Exception cause) {
    try {
      server.stop();
    } catch (Exception e) {
      cause.addSuppressed(e);
    }
  }
}
