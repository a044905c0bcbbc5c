package io.vsp.sink.http;

import static io.vsp.sink.http.TestEvents.clip;
import static io.vsp.sink.http.TestEvents.end;
import static io.vsp.sink.http.TestEvents.start;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vsp.common.config.SinkConfig;
import io.vsp.common.testkit.RawRequests;
import io.vsp.common.wire.Json;
import io.vsp.sink.store.Store;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SinkHttpServerTest {
  private static final Instant T0 = Instant.parse("2026-11-27T18:00:00Z");
  private static final String ID = "lobby-3-98765";
  private static final int SIZE = 100_000;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  private final HttpClient client = HttpClient.newHttpClient();
  private final EventIndex index = new EventIndex();
  private Store store;
  private byte[] clipBytes;
  private SinkHttpServer server;

  @BeforeEach
  void setUp() throws IOException {
    store = new Store(dir.resolve("store"));
    clipBytes = new byte[SIZE];
    new Random(42).nextBytes(clipBytes);
    Store.writeAtomically(store.clipFile(ID, T0), clipBytes);
    Store.writeAtomically(store.snapshotFile(ID, T0), new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0});
  }

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aClipWithoutRangeIsSentWhole() throws Exception {
    startServer("");

    HttpResponse<byte[]> response = get("/clips/" + ID + ".mp4", "Range", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(clipBytes);
    assertThat(response.headers().firstValue("Content-Type")).contains("video/mp4");
    assertThat(response.headers().firstValue("Accept-Ranges")).contains("bytes");
    assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(SIZE);
  }

  @Test
  void aRangeGetsExactlyThoseBytes() throws Exception {
    startServer("");

    HttpResponse<byte[]> response = get("/clips/" + ID + ".mp4", "Range", "bytes=1000-1999");

    assertThat(response.statusCode()).isEqualTo(206);
    assertThat(response.headers().firstValue("Content-Range")).contains("bytes 1000-1999/100000");
    assertThat(response.body()).isEqualTo(Arrays.copyOfRange(clipBytes, 1000, 2000));
  }

  @Test
  void openAndSuffixRangesAndRangesPastTheEnd() throws Exception {
    startServer("");
    String clip = "/clips/" + ID + ".mp4";

    HttpResponse<byte[]> open = get(clip, "Range", "bytes=99000-");
    assertThat(open.statusCode()).isEqualTo(206);
    assertThat(open.headers().firstValue("Content-Range")).contains("bytes 99000-99999/100000");
    assertThat(open.body()).isEqualTo(Arrays.copyOfRange(clipBytes, 99000, SIZE));

    HttpResponse<byte[]> suffix = get(clip, "Range", "bytes=-500");
    assertThat(suffix.statusCode()).isEqualTo(206);
    assertThat(suffix.headers().firstValue("Content-Range")).contains("bytes 99500-99999/100000");
    assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(clipBytes, 99500, SIZE));

    HttpResponse<byte[]> beyond = get(clip, "Range", "bytes=99990-200000");
    assertThat(beyond.statusCode()).isEqualTo(206);
    assertThat(beyond.body()).isEqualTo(Arrays.copyOfRange(clipBytes, 99990, SIZE));

    HttpResponse<byte[]> unsatisfiable = get(clip, "Range", "bytes=100000-");
    assertThat(unsatisfiable.statusCode()).isEqualTo(416);
    assertThat(unsatisfiable.headers().firstValue("Content-Range")).contains("bytes */100000");
    assertThat(get(clip, "Range", "bytes=-0").statusCode()).isEqualTo(416);

    // several ranges or another unit: ignored, the whole file comes back
    assertThat(get(clip, "Range", "bytes=0-1,5-6").body()).isEqualTo(clipBytes);
    assertThat(get(clip, "Range", "items=0-1").statusCode()).isEqualTo(200);
  }

  @Test
  void headAnswersWithTheHeadersOnly() throws Exception {
    startServer("");

    HttpResponse<byte[]> whole = send("HEAD", "/clips/" + ID + ".mp4", "Accept", "*/*");
    HttpResponse<byte[]> part = send("HEAD", "/clips/" + ID + ".mp4", "Range", "bytes=0-9");

    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.headers().firstValueAsLong("Content-Length")).hasValue(SIZE);
    assertThat(whole.body()).isEmpty();
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.headers().firstValue("Content-Range")).contains("bytes 0-9/100000");
    assertThat(part.body()).isEmpty();
  }

  @Test
  void snapshotsAreJpeg() throws Exception {
    startServer("");

    HttpResponse<byte[]> response = get("/snapshots/" + ID + ".jpg", "Accept", "*/*");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("image/jpeg");
    assertThat(response.body()).hasSize(4);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/clips/../../etc/passwd", "/clips/..%2f..%2fetc%2fpasswd.mp4",
      "/clips/%2e%2e%2f%2e%2e%2fetc%2fpasswd.mp4", "/clips/%2E%2E/lobby-3-98765.mp4", "/clips/%252e%252e%252f.mp4",
      "/clips/lobby-3-98765%2f..%2f..mp4", "/clips/lobby-3-98765%00.mp4", "/clips/LOBBY-3-98765.mp4",
      "/clips/lobby.mp4", "/clips/lobby-3-98765.jpg", "/clips/lobby/2026-11-27/lobby-3-98765.mp4",
      "/clips/lobby-3-98765.mp4%", "/clips/", "/snapshots/../clips/lobby-3-98765.mp4",
      "/snapshots/%2e%2e%2fsnapshots%2flobby-3-98765.jpg",
      "/../etc/passwd"}) // above the root: refused by Jetty's request parser before any route
  void anythingButAValidIdIsABadRequest(String target) throws Exception {
    startServer("");

    assertThat(RawHttp.status(server.port(), "GET", target, "")).isEqualTo(400);
  }

  @Test
  void validButMissingIdsAndUnknownPathsAreNotFound() throws Exception {
    startServer("");

    assertThat(get("/clips/lobby-3-1.mp4", "Accept", "*/*").statusCode()).isEqualTo(404);
    assertThat(get("/snapshots/garage-0-1.jpg", "Accept", "*/*").statusCode()).isEqualTo(404);
    assertThat(get("/nothing", "Accept", "*/*").statusCode()).isEqualTo(404);
  }

  @Test
  void aLinkLeadingOutOfTheStoreIsNeverFollowed(@TempDir Path outside) throws Exception {
    Path secret = Files.writeString(outside.resolve("secret"), "secret");
    Path link = store.clipFile("lobby-3-1", T0);
    Files.createSymbolicLink(link, secret);
    startServer("");

    assertThat(get("/clips/lobby-3-1.mp4", "Accept", "*/*").statusCode()).isEqualTo(404);
  }

  @Test
  void onlyGetAndHeadAreAllowed() throws Exception {
    startServer("");

    HttpResponse<byte[]> response = send("POST", "/api/events", "Accept", "*/*");

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).contains("GET, HEAD");
    assertThat(RawHttp.status(server.port(), "DELETE", "/clips/" + ID + ".mp4", "")).isEqualTo(405);
  }

  @Test
  void withATokenEveryRequestButHealthzNeedsIt() throws Exception {
    startServer("s3cret");
    String clip = "/clips/" + ID + ".mp4";

    assertThat(get("/healthz", "Accept", "*/*").statusCode()).isEqualTo(200);
    HttpResponse<byte[]> none = get(clip, "Accept", "*/*");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(get(clip, "Authorization", "Bearer s3cre").statusCode()).isEqualTo(401);
    assertThat(get(clip, "Authorization", "Bearer s3cret-").statusCode()).isEqualTo(401);
    assertThat(get(clip, "Authorization", "Basic s3cret").statusCode()).isEqualTo(401);
    assertThat(get("/", "Accept", "*/*").statusCode()).isEqualTo(401);
    assertThat(get("/api/events", "Accept", "*/*").statusCode()).isEqualTo(401);
    assertThat(get(clip, "Authorization", "Bearer s3cret").statusCode()).isEqualTo(200);
    assertThat(get("/api/events", "Authorization", "Bearer s3cret").statusCode()).isEqualTo(200);
    assertThat(get(clip, "Cookie", "other=1; vsp_token=s3cret").statusCode()).isEqualTo(200);
    assertThat(get(clip, "Cookie", "vsp_token=wrong").statusCode()).isEqualTo(401);
  }

  @Test
  void openingThePageWithTheTokenSetsTheCookie() throws Exception {
    startServer("s3 cret;x");

    HttpResponse<byte[]> login = get("/?token=s3%20cret%3Bx", "Accept", "text/html");
    assertThat(login.statusCode()).isEqualTo(303);
    assertThat(login.headers().firstValue("Location")).contains("/");
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).startsWith("vsp_token=").contains("HttpOnly", "SameSite=Strict", "Path=/");

    String pair = cookie.substring(0, cookie.indexOf(';'));
    HttpResponse<byte[]> page = get("/", "Cookie", pair);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(get("/clips/" + ID + ".mp4", "Cookie", pair).body()).isEqualTo(clipBytes);
    assertThat(get("/?token=wrong", "Accept", "text/html").statusCode()).isEqualTo(401);
  }

  @Test
  void anotherHostIsForbiddenOnThePageAndApiButNotOnHealthz() throws Exception {
    startServer("");
    int port = server.port();

    for (String target : List.of("/", "/api/events", "/clips/" + ID + ".mp4", "/snapshots/" + ID + ".jpg")) {
      assertThat(RawRequests.status(port, "GET", target, "evil.example", "", TIMEOUT)).as(target).isEqualTo(403);
      assertThat(RawRequests.status(port, "GET", target, "evil.example:" + port, "", TIMEOUT)).isEqualTo(403);
      assertThat(RawRequests.status(port, "GET", target, "127.0.0.1:" + port, "", TIMEOUT)).as(target)
          .isEqualTo(200);
    }
    assertThat(RawRequests.status(port, "GET", "/", "LOCALHOST:" + port, "", TIMEOUT)).isEqualTo(200);
    assertThat(RawRequests.status(port, "GET", "/", "[::1]:" + port, "", TIMEOUT)).isEqualTo(200);
    assertThat(RawRequests.status(port, "GET", "/", "localhost.evil.example", "", TIMEOUT)).isEqualTo(403);
    assertThat(RawRequests.status(port, "GET", "/healthz", "10.1.2.3", "", TIMEOUT)).isEqualTo(200);
  }

  @Test
  void theTokenDoesNotOpenTheDoorToAnotherHost() throws Exception {
    startServer("s3cret");

    assertThat(RawRequests.status(server.port(), "GET", "/api/events", "evil.example",
        "Authorization: Bearer s3cret\r\n", TIMEOUT)).isEqualTo(403);
  }

  @Test
  void listedHostsReplaceTheDefaults() throws Exception {
    server = SinkHttpServer.start(new SinkConfig.Http("127.0.0.1", 0, "", List.of("vsp.example.com")), store, index);

    assertThat(RawRequests.status(server.port(), "GET", "/", "vsp.example.com:8080", "", TIMEOUT)).isEqualTo(200);
    assertThat(RawRequests.status(server.port(), "GET", "/", "127.0.0.1", "", TIMEOUT)).isEqualTo(403);
  }

  @Test
  void thePageIsServedWithoutATokenWhenNoneIsConfigured() throws Exception {
    startServer("");

    HttpResponse<byte[]> page = get("/", "Accept", "text/html");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(new String(page.body())).contains("<title>VSP events</title>").doesNotContain("http://", "https://");
  }

  @Test
  void apiEventsFiltersNewestFirst() throws Exception {
    index.accept(end(ID, "person", T0, Duration.ofSeconds(10)));
    index.accept(clip(ID, T0, SIZE));
    index.accept(start("garage-0-5", "car", T0.plusSeconds(60)));
    index.accept(start("lobby-3-99999", "car", T0.plusSeconds(120)));
    startServer("");

    JsonNode all = json("/api/events");
    assertThat(all).hasSize(3);
    assertThat(all.get(0).get("id").asText()).isEqualTo("lobby-3-99999");
    assertThat(all.get(2).get("clip").get("url").asText()).isEqualTo("/clips/" + ID + ".mp4");
    assertThat(all.get(2).get("clip").get("bytes").asLong()).isEqualTo(SIZE);
    assertThat(all.get(2).get("snapshot").asText()).isEqualTo("/snapshots/" + ID + ".jpg");
    assertThat(all.get(0).has("clip")).isFalse();

    assertThat(ids(json("/api/events?camera=lobby"))).containsExactly("lobby-3-99999", ID);
    assertThat(ids(json("/api/events?label=car&camera="))).containsExactly("lobby-3-99999", "garage-0-5");
    assertThat(ids(json("/api/events?limit=1"))).containsExactly("lobby-3-99999");
    assertThat(ids(json("/api/events?since=2026-11-27T18:01:00Z"))).containsExactly("lobby-3-99999", "garage-0-5");
    assertThat(ids(json("/api/events?since=2026-11-27T19:01:00%2B01:00")))
        .containsExactly("lobby-3-99999", "garage-0-5");
    long epoch = T0.plusSeconds(61).getEpochSecond();
    assertThat(ids(json("/api/events?since=" + epoch))).containsExactly("lobby-3-99999");
    assertThat(ids(json("/api/events?limit=5000"))).hasSize(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"limit=abc", "limit=0", "limit=-1", "since=yesterday", "since=2026-11-27",
      "camera=Lobby!", "limit=%zz"})
  void badApiParametersAreRefused(String query) throws Exception {
    startServer("");

    assertThat(RawHttp.status(server.port(), "GET", "/api/events?" + query, "")).isEqualTo(400);
  }

  @Test
  void aBadApiParameterIsExplainedInJson() throws Exception {
    startServer("");

    HttpResponse<byte[]> response = get("/api/events?limit=abc", "Accept", "*/*");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(Json.MAPPER.readTree(response.body()).get("error").asText())
        .isEqualTo("limit must be a whole number from 1 to 1000 (got 'abc')");
  }

  private void startServer(String token) throws IOException {
    server = SinkHttpServer.start(new SinkConfig.Http("127.0.0.1", 0, token), store, index);
  }

  private JsonNode json(String path) throws Exception {
    HttpResponse<byte[]> response = get(path, "Accept", "application/json");
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return Json.MAPPER.readTree(response.body());
  }

  private static List<String> ids(JsonNode events) {
    List<String> ids = new ArrayList<>();
    events.forEach(e -> ids.add(e.get("id").asText()));
    return ids;
  }

  private HttpResponse<byte[]> get(String path, String header, String value) throws Exception {
    return send("GET", path, header, value);
  }

  private HttpResponse<byte[]> send(String method, String path, String header, String value) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofSeconds(10))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (value != null) {
      request.header(header, value);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
