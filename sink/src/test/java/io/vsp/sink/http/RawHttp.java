package io.vsp.sink.http;

import io.vsp.common.testkit.RawRequests;
import java.io.IOException;
import java.time.Duration;

/**
 * Sends a request target byte for byte: HTTP client libraries normalise {@code ..} and re-encode escapes,
 * which would hide exactly what the traversal tests need to send.
 */
final class RawHttp {
  private RawHttp() {}

  /** The status code of {@code method target} sent as is, with {@code extraHeaders} (CRLF-terminated lines). */
  static int status(int port, String method, String target, String extraHeaders) throws IOException {
    return RawRequests.status(port, method, target, "127.0.0.1", extraHeaders, Duration.ofSeconds(10));
  }
}
