package io.vsp.common.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vsp.common.wire.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real browser for tests: Debian's {@code chromium} in headless mode, driven over the Chrome DevTools
 * Protocol (CDP) with the JDK's WebSocket client. One browser, one tab: {@link #open} loads a page and waits
 * for its load event, {@link #evaluate} runs JavaScript in it (promises awaited, results returned as JSON
 * values: String, Number, Boolean, List, Map, null). Media autoplays without a user gesture, so a test can play
 * a {@code <video>} and read its pixels through a canvas.
 *
 * <p>{@code --no-sandbox}: tests run as root (a developer's container), where the sandbox refuses to start, and
 * as an unprivileged user ({@code .ci/run}), where it needs user namespaces a container may not grant. Its stderr
 * goes to a log file in its temp profile folder; failures quote the tail. {@link #close()} closes the browser and
 * kills what is left of it; a shutdown hook does the same when the test JVM exits without closing.
 */
public final class HeadlessChromium implements AutoCloseable {

  private static final String BINARY = "chromium";
  private static final String LISTENING = "DevTools listening on ";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
  private static final int TAIL_LINES = 40;

  private final Process process;
  private final Path profile;
  private final Deque<String> stderrTail; // guarded by itself; appended by the stderr reader thread
  private final Thread cleanupHook;
  private final Cdp cdp;
  private final String sessionId;

  private HeadlessChromium(Process process, Path profile, Deque<String> stderrTail,
                           CompletableFuture<String> browserUrl) {
    this.process = process;
    this.profile = profile;
    this.stderrTail = stderrTail;
    this.cleanupHook = new Thread(this::kill, "chromium-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanupHook);
    Cdp connection = null;
    try {
      connection = new Cdp(URI.create(await(browserUrl, START_TIMEOUT, "DevTools URL on chromium's stderr")));
      String targetId = connection.call(null, "Target.createTarget", Map.of("url", "about:blank"), COMMAND_TIMEOUT)
          .path("targetId").asText();
      this.sessionId = connection.call(null, "Target.attachToTarget",
          Map.of("targetId", targetId, "flatten", true), COMMAND_TIMEOUT).path("sessionId").asText();
      connection.call(sessionId, "Page.enable", Map.of(), COMMAND_TIMEOUT);
      connection.call(sessionId, "Runtime.enable", Map.of(), COMMAND_TIMEOUT);
      this.cdp = connection;
    } catch (RuntimeException | AssertionError e) {
      if (connection != null) {
        connection.close();
      }
      kill();
      Runtime.getRuntime().removeShutdownHook(cleanupHook);
      throw new IllegalStateException("chromium did not start: " + e.getMessage() + "\nlast lines of its stderr:\n"
          + stderrTail(), e);
    }
  }

  /** Starts a headless browser with a fresh temp profile and opens one blank tab. */
  public static HeadlessChromium start() {
    Path profile = TestFiles.tempDir("vsp-chromium-");
    List<String> command = List.of(BINARY, "--headless=new", "--no-sandbox", "--disable-gpu",
        "--remote-debugging-port=0", "--user-data-dir=" + profile,
        "--autoplay-policy=no-user-gesture-required", "--no-first-run", "--no-default-browser-check",
        "--disable-breakpad", "--disable-dev-shm-usage", "--mute-audio", "--window-size=1280,900", "about:blank");
    Process process;
    try {
      process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + BINARY + " (Debian package chromium; bin/setup-system test)", e);
    }
    Deque<String> tail = new ArrayDeque<>();
    CompletableFuture<String> browserUrl = new CompletableFuture<>();
    Thread reader = new Thread(() -> readStderr(process, browserUrl, tail), "chromium-stderr");
    reader.setDaemon(true);
    reader.start();
    return new HeadlessChromium(process, profile, tail, browserUrl);
  }

  /** Loads {@code url} in the tab and waits for its load event (images, scripts and styles loaded). */
  public void open(String url) {
    CompletableFuture<JsonNode> loaded = cdp.nextEvent(sessionId, "Page.loadEventFired", e -> true);
    JsonNode result = cdp.call(sessionId, "Page.navigate", Map.of("url", url), COMMAND_TIMEOUT);
    if (result.hasNonNull("errorText")) {
      loaded.cancel(false);
      throw new AssertionError("chromium could not open " + url + ": " + result.get("errorText").asText());
    }
    await(loaded, COMMAND_TIMEOUT, "the load event of " + url);
  }

  /** {@link #evaluate(String, Duration)} with a 30 s limit. */
  public Object evaluate(String jsExpression) {
    return evaluate(jsExpression, COMMAND_TIMEOUT);
  }

  /**
   * Evaluates {@code jsExpression} in the page; when it gives a promise, waits for it. Returns the value as
   * plain Java (JSON types); a thrown error or rejected promise fails with the browser's description.
   */
  public Object evaluate(String jsExpression, Duration timeout) {
    JsonNode result = cdp.call(sessionId, "Runtime.evaluate", Map.of("expression", jsExpression,
        "awaitPromise", true, "returnByValue", true, "userGesture", true), timeout);
    if (result.has("exceptionDetails")) {
      JsonNode details = result.get("exceptionDetails");
      String text = details.path("exception").path("description").asText(details.path("text").asText());
      throw new AssertionError("JavaScript failed: " + text + "\nin: " + jsExpression);
    }
    JsonNode value = result.path("result").path("value");
    return value.isMissingNode() ? null : Json.MAPPER.convertValue(value, Object.class);
  }

  /** Saves a PNG of the tab's visible area to {@code file}: for looking at a page a test failed on. */
  public void screenshot(Path file) {
    JsonNode result = cdp.call(sessionId, "Page.captureScreenshot", Map.of("format", "png"), COMMAND_TIMEOUT);
    try {
      Files.write(file, Base64.getDecoder().decode(result.path("data").asText()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the page logged with {@code console.*} so far, oldest first, as "level: text". */
  public List<String> consoleMessages() {
    return List.copyOf(cdp.console);
  }

  /** The last lines chromium wrote to stderr, for failure messages. */
  public String stderrTail() {
    synchronized (stderrTail) {
      return String.join("\n", stderrTail);
    }
  }

  /** Closes the browser (gracefully first) and removes the shutdown hook; idempotent. */
  @Override
  public void close() {
    try {
      cdp.call(null, "Browser.close", Map.of(), STOP_TIMEOUT);
    } catch (RuntimeException | AssertionError e) {
      // already gone or hung: killed below
    }
    cdp.close();
    kill();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanupHook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs anyway
    }
  }

  private void kill() {
    if (process.isAlive()) {
      try {
        process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // the browser's helpers (renderer, GPU, network) are its descendants: none may outlive it
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    TestFiles.deleteQuietly(profile);
  }

  private static void readStderr(Process process, CompletableFuture<String> browserUrl, Deque<String> tail) {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        synchronized (tail) {
          tail.addLast(line);
          if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
          }
        }
        int at = line.indexOf(LISTENING);
        if (at >= 0) {
          browserUrl.complete(line.substring(at + LISTENING.length()).strip());
        }
      }
    } catch (IOException e) {
      // the process ended
    }
    browserUrl.completeExceptionally(new IllegalStateException("chromium's stderr closed"));
  }

  private static <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(false);
      throw new AssertionError("no " + what + " after " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + what, e);
    }
  }

  /**
   * One CDP connection (the browser's websocket; page sessions are multiplexed on it with {@code flatten}):
   * commands carry an id and complete the future of the same id; events complete waiters that match them.
   */
  private static final class Cdp implements WebSocket.Listener {
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<EventWaiter> waiters = new CopyOnWriteArrayList<>();
    private final List<String> console = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder(); // guarded by the listener's sequential calls
    private final WebSocket socket;

    private record EventWaiter(String sessionId, String method, Predicate<JsonNode> test,
                               CompletableFuture<JsonNode> future) {}

    Cdp(URI url) {
      this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
          .connectTimeout(COMMAND_TIMEOUT)
          .buildAsync(url, this)
          .join();
    }

    /** Sends a command and waits for its result; fails with the browser's error message. */
    JsonNode call(String sessionId, String method, Map<String, ?> params, Duration timeout) {
      int id = ids.incrementAndGet();
      CompletableFuture<JsonNode> reply = new CompletableFuture<>();
      pending.put(id, reply);
      ObjectNode message = Json.MAPPER.createObjectNode().put("id", id).put("method", method);
      message.set("params", Json.MAPPER.valueToTree(params));
      if (sessionId != null) {
        message.put("sessionId", sessionId);
      }
      try {
        synchronized (socket) { // one text message at a time: sendText must not overlap
          socket.sendText(message.toString(), true).join();
        }
        JsonNode response = await(reply, timeout, "answer to " + method);
        if (response.has("error")) {
          throw new IllegalStateException(method + " failed: " + response.get("error"));
        }
        return response.path("result");
      } finally {
        pending.remove(id);
      }
    }

    /** A future of the next {@code method} event of {@code sessionId} that passes {@code test}. */
    CompletableFuture<JsonNode> nextEvent(String sessionId, String method, Predicate<JsonNode> test) {
      EventWaiter waiter = new EventWaiter(sessionId, method, test, new CompletableFuture<>());
      waiters.add(waiter);
      waiter.future().whenComplete((v, e) -> waiters.remove(waiter));
      return waiter.future();
    }

    void close() {
      socket.abort();
      pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("CDP connection closed")));
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        dispatch(text);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      pending.values().forEach(f -> f.completeExceptionally(error));
    }

    private void dispatch(String text) {
      JsonNode message;
      try {
        message = Json.MAPPER.readTree(text);
      } catch (IOException e) {
        return; // not JSON: CDP never sends that
      }
      if (message.has("id")) {
        CompletableFuture<JsonNode> reply = pending.get(message.get("id").asInt());
        if (reply != null) {
          reply.complete(message);
        }
        return;
      }
      String method = message.path("method").asText();
      String session = message.path("sessionId").asText(null);
      JsonNode params = message.path("params");
      if (method.equals("Runtime.consoleAPICalled")) {
        List<String> args = new ArrayList<>();
        params.path("args").forEach(a -> args.add(a.path("value").asText(a.path("description").asText())));
        console.add(params.path("type").asText() + ": " + String.join(" ", args));
      }
      for (EventWaiter waiter : waiters) {
        if (waiter.method().equals(method) && (waiter.sessionId() == null || waiter.sessionId().equals(session))
            && waiter.test().test(params)) {
          waiter.future().complete(params);
        }
      }
    }
  }
}
