package io.vsp.sink.http;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code sink.http.allowedHosts} check against DNS rebinding: a web page on another site can make a browser
 * resolve its own name to 127.0.0.1 and then read a localhost sink, but the browser still sends that name in
 * {@code Host}. Only the listed names pass; the port part of {@code Host} is ignored, names compare without
 * case, IPv6 literals with or without brackets. A request without {@code Host} does not pass.
 */
final class HostGate {
  private final Set<String> allowed;

  HostGate(List<String> allowedHosts) {
    this.allowed = allowedHosts.stream().map(HostGate::normalise).collect(Collectors.toUnmodifiableSet());
  }

  /** True when {@code hostHeader} (null when absent) names an allowed host. */
  boolean allows(String hostHeader) {
    return hostHeader != null && allowed.contains(normalise(withoutPort(hostHeader.strip())));
  }

  /** {@code name:port} is {@code name}, {@code [v6]:port} is {@code [v6]}; a bare IPv6 literal stays whole. */
  static String withoutPort(String host) {
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end < 0 ? host : host.substring(0, end + 1);
    }
    int colon = host.indexOf(':');
    return colon >= 0 && colon == host.lastIndexOf(':') ? host.substring(0, colon) : host;
  }

  private static String normalise(String host) {
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return bare.toLowerCase(Locale.ROOT);
  }
}
