package io.vsp.sink.http;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The {@code sink.http.token} check: a request passes with {@code Authorization: Bearer <token>} or with the
 * {@code vsp_token} cookie (which {@link SinkHttpServer} sets when the page is opened with {@code ?token=}).
 * Comparisons take the same time whatever the guess: both sides are hashed first, then compared with
 * {@link MessageDigest#isEqual}, so neither the content nor the length of the token leaks.
 */
final class TokenGate {
  static final String COOKIE = "vsp_token";

  private final byte[] tokenDigest; // null: no token configured, everything passes
  private final String cookieValue;

  TokenGate(String token) {
    this.tokenDigest = token.isEmpty() ? null : sha256(token);
    this.cookieValue = URLEncoder.encode(token, StandardCharsets.UTF_8);
  }

  boolean open() {
    return tokenDigest == null;
  }

  /**
   * True when no token is configured or the request carries it as Bearer or cookie.
   *
   * @param authorizations the request's {@code Authorization} header values
   * @param cookieHeaders the request's {@code Cookie} header values
   */
  boolean allows(List<String> authorizations, List<String> cookieHeaders) {
    if (open()) {
      return true;
    }
    boolean ok = false;
    for (String authorization : authorizations) {
      if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        ok |= matches(authorization.substring(7).strip());
      }
    }
    for (String cookieHeader : cookieHeaders) {
      for (String cookie : cookieHeader.split(";")) {
        int eq = cookie.indexOf('=');
        if (eq > 0 && cookie.substring(0, eq).strip().equals(COOKIE)) {
          ok |= matches(decode(cookie.substring(eq + 1).strip()));
        }
      }
    }
    return ok;
  }

  /** True when {@code candidate} (e.g. the page's {@code ?token=} value, decoded) is the token. */
  boolean matches(String candidate) {
    return tokenDigest != null && candidate != null && MessageDigest.isEqual(tokenDigest, sha256(candidate));
  }

  /** The {@code Set-Cookie} value that lets a browser's {@code <video>} and {@code <img>} requests through. */
  String setCookie() {
    return COOKIE + "=" + cookieValue + "; Path=/; HttpOnly; SameSite=Strict";
  }

  private static String decode(String value) {
    try {
      return URLDecoder.decode(value, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
