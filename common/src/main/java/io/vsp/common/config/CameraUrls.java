package io.vsp.common.config;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Pure functions on camera URLs: checking the scheme, putting percent-encoded credentials into the
 * userinfo, and hiding the userinfo for display. URLs are split by hand, not with {@link java.net.URI},
 * because camera URLs often hold characters that URI rejects.
 */
final class CameraUrls {
  static final List<String> SCHEMES = List.of("rtsp", "rtsps", "rtmp", "http", "https", "srt", "udp", "file");

  private static final String UNRESERVED =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

  /** A URL cut at its userinfo: {@code scheme://[userinfo@]rest}. */
  record Parts(String scheme, String userinfo, String rest) {}

  private CameraUrls() {}

  /** The parts of {@code url}, or null when it has no {@code scheme://}. */
  static Parts split(String url) {
    int colon = url.indexOf("://");
    if (colon <= 0) {
      return null;
    }
    String scheme = url.substring(0, colon);
    String afterScheme = url.substring(colon + 3);
    int authorityEnd = afterScheme.length();
    for (char c : new char[] {'/', '?', '#'}) {
      int i = afterScheme.indexOf(c);
      if (i >= 0 && i < authorityEnd) {
        authorityEnd = i;
      }
    }
    // the last '@' of the authority: a password written raw into a URL may itself hold '@'
    int at = afterScheme.lastIndexOf('@', authorityEnd - 1);
    return at < 0
        ? new Parts(scheme, null, afterScheme)
        : new Parts(scheme, afterScheme.substring(0, at), afterScheme.substring(at + 1));
  }

  /** What is wrong with {@code url} as a camera source, or null if nothing is. Never shows credentials. */
  static String problem(String url) {
    Parts parts = split(url);
    if (parts == null) {
      return "must be a URL such as rtsp://192.0.2.10:554/stream1 (got \"" + masked(url) + "\")";
    }
    if (!SCHEMES.contains(parts.scheme().toLowerCase(Locale.ROOT))) {
      return "scheme must be one of " + String.join(", ", SCHEMES) + " (got \"" + parts.scheme() + "\")";
    }
    boolean hostless = parts.rest().isEmpty() || "/?#".indexOf(parts.rest().charAt(0)) >= 0;
    if (hostless && !parts.scheme().equalsIgnoreCase("file")) {
      return "has no host (got \"" + masked(url) + "\")";
    }
    return null;
  }

  static boolean hasUserinfo(String url) {
    Parts parts = split(url);
    return parts != null && parts.userinfo() != null;
  }

  /** {@code url} with {@code username[:password]@} percent-encoded into it; unchanged without a username. */
  static String withCredentials(String url, String username, String password) {
    Parts parts = split(url);
    if (username == null || parts == null) {
      return url;
    }
    String userinfo = encode(username) + (password == null ? "" : ":" + encode(password));
    return parts.scheme() + "://" + userinfo + "@" + parts.rest();
  }

  /** {@code url} with its userinfo shown as {@code ***}: {@code rtsp://***@192.0.2.10:554/stream1}. */
  static String masked(String url) {
    Parts parts = url == null ? null : split(url);
    if (parts == null || parts.userinfo() == null) {
      return url;
    }
    return parts.scheme() + "://***@" + parts.rest();
  }

  /** Percent-encodes every byte but RFC 3986's unreserved characters, so any password survives the userinfo. */
  static String encode(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      if (b >= 0 && UNRESERVED.indexOf(b) >= 0) {
        out.append((char) b);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
      }
    }
    return out.toString();
  }
}
