package io.vsp.sink.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vsp.common.config.SinkConfig;
import io.vsp.common.wire.Json;
import io.vsp.sink.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's HTTP side (SPEC §6): the page of recent events ({@code /}), {@code /api/events}, the clips
 * ({@code /clips/<id>.mp4}, with Range requests) and snapshots ({@code /snapshots/<id>.jpg}) of the store, and
 * {@code /healthz}. Only GET and HEAD; only files that {@link Store} finds for a valid id are ever served.
 *
 * <p>Token ({@code sink.http.token}): when set, every request but {@code /healthz} needs
 * {@code Authorization: Bearer <token>}, else 401 with {@code WWW-Authenticate: Bearer}. A browser cannot add
 * that header to the requests of {@code <video>} and {@code <img>}, so the server also accepts the cookie
 * {@code vsp_token}: open the page once as {@code http://host:8080/?token=<token>} and the server answers with
 * {@code Set-Cookie: vsp_token=...; Path=/; HttpOnly; SameSite=Strict} and a redirect to {@code /}, which takes
 * the token out of the address bar and history. The cookie is not {@code Secure} (the server speaks plain
 * HTTP; put a TLS proxy in front when it leaves the host). The token is never logged.
 */
public final class SinkHttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SinkHttpServer.class);
  private static final int THREADS = 8;
  private static final String PAGE_RESOURCE = "page.html";

  private final HttpServer server;
  private final ExecutorService executor;
  private final Store store;
  private final EventIndex index;
  private final TokenGate gate;
  private final byte[] page;

  private SinkHttpServer(HttpServer server, ExecutorService executor, Store store, EventIndex index, TokenGate gate,
                         byte[] page) {
    this.server = server;
    this.executor = executor;
    this.store = store;
    this.index = index;
    this.gate = gate;
    this.page = page;
  }

  /** Starts listening on {@code http.bind()}:{@code http.port()} (0 picks a free port). */
  public static SinkHttpServer start(SinkConfig.Http http, Store store, EventIndex index) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(http.bind(), http.port()), 0);
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
      Thread t = new Thread(r, "sink-http-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    SinkHttpServer sink = new SinkHttpServer(server, executor, store, index, new TokenGate(http.token()), page());
    server.createContext("/", sink::handle);
    server.setExecutor(executor);
    server.start();
    LOG.info("sink HTTP on http://{}:{}/ (token {})", http.bind(), sink.port(),
        http.token().isEmpty() ? "off" : "on");
    return sink;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops listening and ends the worker threads; idempotent. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange ex) {
    try {
      route(ex);
    } catch (IOException e) {
      // the client went away mid-answer (a browser seeking in a video cancels its request): nothing to do
      LOG.debug("{} {} failed: {}", ex.getRequestMethod(), ex.getRequestURI().getRawPath(), e.toString());
    } catch (RuntimeException e) {
      LOG.warn("{} {} failed", ex.getRequestMethod(), ex.getRequestURI().getRawPath(), e);
    } finally {
      ex.close();
    }
  }

  private void route(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    String method = ex.getRequestMethod();
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
    if (!method.equals("GET") && !method.equals("HEAD")) {
      ex.getResponseHeaders().set("Allow", "GET, HEAD");
      error(ex, 405, "only GET and HEAD are allowed");
      return;
    }
    if (path.equals("/healthz")) {
      send(ex, 200, "text/plain; charset=utf-8", "ok\n".getBytes(StandardCharsets.UTF_8));
      return;
    }
    if (path.equals("/") && pageLogin(ex)) {
      return;
    }
    if (!gate.allows(ex.getRequestHeaders())) {
      ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"vsp\"");
      error(ex, 401, "a token is required: Authorization: Bearer <token>, or open /?token=<token> once");
      return;
    }
    if (path.equals("/")) {
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      ex.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline'; "
          + "style-src 'unsafe-inline'; img-src 'self' data:; media-src 'self'; connect-src 'self'");
      send(ex, 200, "text/html; charset=utf-8", page);
    } else if (path.equals("/api/events")) {
      events(ex);
    } else if (path.startsWith("/clips/")) {
      file(ex, path.substring("/clips/".length()), ".mp4", store::findClip, "video/mp4");
    } else if (path.startsWith("/snapshots/")) {
      file(ex, path.substring("/snapshots/".length()), ".jpg", store::findSnapshot, "image/jpeg");
    } else {
      error(ex, 404, "not found");
    }
  }

  /**
   * The page opened with {@code ?token=}: with the right token, sets the cookie and redirects to {@code /}
   * (true: answered); without the parameter, or with no token configured, false: the page is served as usual.
   */
  private boolean pageLogin(HttpExchange ex) throws IOException {
    String query = ex.getRequestURI().getRawQuery();
    if (gate.open() || query == null) {
      return false;
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith("token=")) {
        if (!gate.matches(PathIds.decodeOnce(pair.substring("token=".length()).replace('+', ' ')))) {
          ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"vsp\"");
          error(ex, 401, "wrong token");
          return true;
        }
        ex.getResponseHeaders().set("Set-Cookie", gate.setCookie());
        ex.getResponseHeaders().set("Location", "/");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(303, -1);
        return true;
      }
    }
    return false;
  }

  private void events(HttpExchange ex) throws IOException {
    EventsQuery query;
    try {
      query = EventsQuery.parse(ex.getRequestURI().getRawQuery());
    } catch (EventsQuery.BadParameter e) {
      error(ex, 400, e.getMessage());
      return;
    }
    var events = index.query(query.camera(), query.label(), query.since(), query.limit());
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    send(ex, 200, "application/json", Json.write(events));
  }

  private void file(HttpExchange ex, String rawName, String suffix, Function<String, Optional<Path>> finder,
                    String contentType) throws IOException {
    String id = PathIds.id(rawName, suffix);
    if (id == null) {
      error(ex, 400, "not a valid " + suffix.substring(1) + " name: ids look like lobby-3-98765 or lobby-3-98765.1");
      return;
    }
    Optional<Path> file = finder.apply(id).filter(store::contains);
    if (file.isEmpty()) {
      error(ex, 404, "no such file: " + id + suffix);
      return;
    }
    FileSender.send(ex, file.get(), contentType);
  }

  private static void error(HttpExchange ex, int status, String message) throws IOException {
    send(ex, status, "application/json", Json.write(Map.of("error", message)));
  }

  private static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", contentType);
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static byte[] page() {
    try (InputStream in = SinkHttpServer.class.getResourceAsStream(PAGE_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + PAGE_RESOURCE + " is missing from the sink's jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
