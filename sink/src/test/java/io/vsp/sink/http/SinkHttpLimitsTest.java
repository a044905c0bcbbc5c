package io.vsp.sink.http;

import static io.vsp.sink.http.TestEvents.start;
import static org.assertj.core.api.Assertions.assertThat;

import io.vsp.common.config.SinkConfig;
import io.vsp.common.http.HttpServers;
import io.vsp.common.testkit.HalfOpenConnections;
import io.vsp.sink.store.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10: a few connections sending half a request used to tie up all of the page's threads. Jetty parses
 * requests asynchronously, so they hold connection slots only, far fewer than the cap.
 */
class SinkHttpLimitsTest {
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);

  @TempDir
  Path dir;

  private SinkHttpServer server;

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void thePageAndApiAnswerWhileFiftyConnectionsHoldHalfARequest() throws Exception {
    EventIndex index = new EventIndex();
    index.accept(start("lobby-3-1", "person", Instant.parse("2026-11-27T18:00:00Z")));
    // the production limits, but a header deadline far beyond the test, so the 50 are still open when checked
    server = SinkHttpServer.start(SinkConfig.Http.DEFAULTS.withPort(0), new Store(dir.resolve("store")), index,
        HttpServers.Limits.PAGE.withHeaderDeadline(Duration.ofMinutes(5)));

    try (HalfOpenConnections attack = HalfOpenConnections.open(server.port(), 50)) {
      HttpResponse<String> page = get("/");
      HttpResponse<String> events = get("/api/events");

      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("<title>VSP events</title>");
      assertThat(events.statusCode()).isEqualTo(200);
      assertThat(events.body()).contains("lobby-3-1");
      assertThat(attack.stillOpen()).as("half-open connections the server has not closed").isEqualTo(50);
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(CLIENT_TIMEOUT).build();
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(CLIENT_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
  }
}
