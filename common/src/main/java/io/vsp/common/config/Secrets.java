package io.vsp.common.config;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Hides credentials in any text before it is logged or shown: every registered secret (raw and
 * percent-encoded) and the userinfo of any {@code scheme://user:pass@} URL become {@code ***}. Cheap enough
 * for every log line: the patterns are compiled when a secret is registered, not when text is masked.
 */
public final class Secrets {
  /**
   * Shorter secrets are only hidden inside URLs: masking every "ab" in every log line would make logs
   * unreadable and tell an attacker the secret anyway.
   */
  static final int MIN_LITERAL_LENGTH = 3;

  private static final String MASK = "***";
  private static final Pattern USERINFO = Pattern.compile("\\b([A-Za-z][A-Za-z0-9+.-]*://)[^\\s/?#]*@");

  private static final Object lock = new Object();
  private static final Set<String> registered = new LinkedHashSet<>(); // guarded by lock
  /** Alternation of all registered literals, longest first; null while none is registered. */
  private static volatile Pattern literals;

  private Secrets() {}

  /** Remembers {@code secret} (and its URL-encoded forms) so that {@link #mask} hides it from now on. */
  public static void register(String secret) {
    if (secret == null || secret.length() < MIN_LITERAL_LENGTH) {
      return;
    }
    synchronized (lock) {
      boolean added = registered.add(secret);
      added |= registered.add(CameraUrls.encode(secret));
      added |= registered.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
      if (added) {
        literals = Pattern.compile(registered.stream()
            .sorted(Comparator.comparingInt(String::length).reversed()) // so a longer secret wins over its prefix
            .map(Pattern::quote)
            .collect(Collectors.joining("|")));
      }
    }
  }

  /** {@code text} with registered secrets and URL userinfo replaced by {@code ***}; null stays null. */
  public static String mask(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    Pattern current = literals;
    if (current != null) {
      out = current.matcher(out).replaceAll(MASK);
    }
    if (out.contains("://")) {
      out = USERINFO.matcher(out).replaceAll("$1" + MASK + "@");
    }
    return out;
  }
}
