package io.vsp.ingest.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void delaysDoubleUpToTheMaximumWithJitterInsideTheBounds() {
    Backoff full = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 1.0);
    assertThat(full.next()).isEqualTo(Duration.ofSeconds(1));
    assertThat(full.next()).isEqualTo(Duration.ofSeconds(2));
    assertThat(full.next()).isEqualTo(Duration.ofSeconds(4));
    for (int i = 0; i < 10; i++) {
      full.next();
    }
    assertThat(full.next()).isEqualTo(Duration.ofSeconds(30));

    Backoff half = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 0.0);
    assertThat(half.next()).isEqualTo(Duration.ofSeconds(1)); // never below the minimum
    assertThat(half.next()).isEqualTo(Duration.ofSeconds(1));
    assertThat(half.next()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void resetStartsOverAtTheMinimum() {
    Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10), () -> 1.0);
    b.next();
    b.next();
    b.reset();
    assertThat(b.next()).isEqualTo(Duration.ofMillis(500));
  }
}
