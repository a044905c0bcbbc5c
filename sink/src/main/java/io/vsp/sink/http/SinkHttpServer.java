package io.vsp.sink.http;

import io.vsp.common.config.SinkConfig;
import io.vsp.common.http.HttpServers;
import io.vsp.common.wire.Json;
import io.vsp.sink.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
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
  private static final String PAGE_RESOURCE = "page.html";

  private final Store store;
  private final EventIndex index;
  private final TokenGate gate;
  private final HostGate hosts;
  private final byte[] page;
  private HttpServers.Running server; // set once at start

  private SinkHttpServer(Store store, EventIndex index, TokenGate gate, HostGate hosts, byte[] page) {
    this.store = store;
    this.index = index;
    this.gate = gate;
    this.hosts = hosts;
    this.page = page;
  }

  /** Starts listening on {@code http.bind()}:{@code http.port()} (0 picks a free port). */
  public static SinkHttpServer start(SinkConfig.Http http, Store store, EventIndex index) throws IOException {
    return start(http, store, index, HttpServers.Limits.PAGE);
  }

  static SinkHttpServer start(SinkConfig.Http http, Store store, EventIndex index, HttpServers.Limits limits)
      throws IOException {
    SinkHttpServer sink = new SinkHttpServer(store, index, new TokenGate(http.token()),
        new HostGate(http.effectiveAllowedHosts()), page());
    sink.server = HttpServers.start("sink-http", http.bind(), http.port(), limits,
        sink.new Routes());
    LOG.info("sink HTTP on http://{}:{}/ (token {}, hosts {})", http.bind(), sink.port(),
        http.token().isEmpty() ? "off" : "on", http.effectiveAllowedHosts());
    return sink;
  }

  public int port() {
    return server.port();
  }

  /** Stops listening and ends the worker threads; idempotent. */
  @Override
  public void close() {
    server.close();
  }

  /** One request and its answer, as the routes below see them. */
  private record Exchange(Request request, Response response, Callback callback) {
    String header(HttpHeader name) {
      return request.getHeaders().get(name);
    }

    void set(HttpHeader name, String value) {
      response.getHeaders().put(name, value);
    }

    void set(String name, String value) {
      response.getHeaders().put(name, value);
    }

    String method() {
      return request.getMethod();
    }

    String rawQuery() {
      return request.getHttpURI().getQuery();
    }
  }

  private final class Routes extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      Exchange ex = new Exchange(request, response, callback);
      try {
        route(ex, request.getHttpURI().getPath());
      } catch (IOException e) {
        // the file went away between finding and opening it, or the client left: nothing more to do
        LOG.debug("{} {} failed: {}", request.getMethod(), request.getHttpURI().getPath(), e.toString());
        callback.failed(e);
      } catch (RuntimeException e) {
        LOG.warn("{} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
        callback.failed(e);
      }
      return true;
    }
  }

  private void route(Exchange ex, String path) throws IOException {
    String method = ex.method();
    ex.set("X-Content-Type-Options", "nosniff");
    ex.set("Referrer-Policy", "no-referrer");
    if (!method.equals("GET") && !method.equals("HEAD")) {
      ex.set(HttpHeader.ALLOW, "GET, HEAD");
      error(ex, 405, "only GET and HEAD are allowed");
      return;
    }
    if (path.equals("/healthz")) {
      send(ex, 200, "text/plain; charset=utf-8", "ok\n".getBytes(StandardCharsets.UTF_8));
      return;
    }
    if (!hosts.allows(ex.header(HttpHeader.HOST))) {
      error(ex, 403, "this server does not answer to that Host; add it to sink.http.allowedHosts");
      return;
    }
    if (path.equals("/") && pageLogin(ex)) {
      return;
    }
    if (!gate.allows(ex.request().getHeaders().getValuesList(HttpHeader.AUTHORIZATION),
        ex.request().getHeaders().getValuesList(HttpHeader.COOKIE))) {
      ex.set(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"vsp\"");
      error(ex, 401, "a token is required: Authorization: Bearer <token>, or open /?token=<token> once");
      return;
    }
    if (path.equals("/")) {
      ex.set(HttpHeader.CACHE_CONTROL, "no-store");
      ex.set("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline'; "
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
  private boolean pageLogin(Exchange ex) {
    String query = ex.rawQuery();
    if (gate.open() || query == null) {
      return false;
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith("token=")) {
        if (!gate.matches(PathIds.decodeOnce(pair.substring("token=".length()).replace('+', ' ')))) {
          ex.set(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"vsp\"");
          error(ex, 401, "wrong token");
          return true;
        }
        ex.set(HttpHeader.SET_COOKIE, gate.setCookie());
        ex.set(HttpHeader.LOCATION, "/");
        ex.set(HttpHeader.CACHE_CONTROL, "no-store");
        ex.response().setStatus(303);
        ex.set(HttpHeader.CONTENT_LENGTH, "0");
        ex.callback().succeeded();
        return true;
      }
    }
    return false;
  }

  private void events(Exchange ex) {
    EventsQuery query;
    try {
      query = EventsQuery.parse(ex.rawQuery());
    } catch (EventsQuery.BadParameter e) {
      error(ex, 400, e.getMessage());
      return;
    }
    var events = index.query(query.camera(), query.label(), query.since(), query.limit());
    ex.set(HttpHeader.CACHE_CONTROL, "no-store");
    send(ex, 200, "application/json", Json.write(events));
  }

  private void file(Exchange ex, String rawName, String suffix, Function<String, Optional<Path>> finder,
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
    FileSender.send(ex.request(), ex.response(), ex.callback(), file.get(), contentType);
  }

  private static void error(Exchange ex, int status, String message) {
    send(ex, status, "application/json", Json.write(Map.of("error", message)));
  }

  private static void send(Exchange ex, int status, String contentType, byte[] body) {
    HttpServers.send(ex.request(), ex.response(), ex.callback(), status, contentType, body);
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
