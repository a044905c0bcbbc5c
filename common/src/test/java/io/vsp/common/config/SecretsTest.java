package io.vsp.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What {@link Secrets#mask} hides in text that is about to be logged or shown. */
class SecretsTest {

  @Test
  void registeredSecretsAreMaskedAnywhereInText() {
    Secrets.register("Tr0ub4dor&3");

    assertThat(Secrets.mask("login failed for password Tr0ub4dor&3, retrying"))
        .isEqualTo("login failed for password ***, retrying");
    assertThat(Secrets.mask("[rtsp] Tr0ub4dor%263 rejected")).isEqualTo("[rtsp] *** rejected");
  }

  @Test
  void percentEncodedFormOfARegisteredSecretIsMasked() {
    Secrets.register("p@ss:w/rd %");

    assertThat(Secrets.mask("auth p%40ss%3Aw%2Frd%20%25 failed")).isEqualTo("auth *** failed");
    assertThat(Secrets.mask("raw p@ss:w/rd % failed")).isEqualTo("raw *** failed");
  }

  @Test
  void userinfoOfAnyUrlIsMaskedEvenIfNotRegistered() {
    assertThat(Secrets.mask("[rtsp @ 0x55] method DESCRIBE failed: 401 rtsp://bob:unregistered@192.0.2.10:554/s1"))
        .isEqualTo("[rtsp @ 0x55] method DESCRIBE failed: 401 rtsp://***@192.0.2.10:554/s1");
    assertThat(Secrets.mask("http://user@192.0.2.10/x and srt://a:b@c:9000?mode=caller"))
        .isEqualTo("http://***@192.0.2.10/x and srt://***@c:9000?mode=caller");
  }

  @Test
  void textWithoutSecretsIsReturnedAsItIs() {
    String text = "camera lobby online at rtsp://192.0.2.10:554/stream1, mail ops@example.com";

    assertThat(Secrets.mask(text)).isSameAs(text);
    assertThat(Secrets.mask(null)).isNull();
  }

  @Test
  void tooShortSecretsAreMaskedOnlyInsideUrls() {
    Secrets.register("ab");

    assertThat(Secrets.mask("tab rtsp://x:ab@h/")).isEqualTo("tab rtsp://***@h/");
  }

  @Test
  void maskingIsSafeWhileSecretsAreRegisteredConcurrently() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> masked = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String secret = "concurrent-secret-" + i;
        masked.add(pool.submit(() -> {
          Secrets.register(secret);
          return Secrets.mask("value " + secret + " end");
        }));
      }
      for (Future<String> result : masked) {
        assertThat(result.get()).isEqualTo("value *** end");
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
