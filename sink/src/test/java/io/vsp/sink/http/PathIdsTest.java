package io.vsp.sink.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Request file names to event ids: both id spellings, and nothing that merely looks close. */
class PathIdsTest {

  @Test
  void idsWithAndWithoutObjectSuffixAreRead() {
    assertThat(PathIds.id("lobby-3-98765.mp4", ".mp4")).isEqualTo("lobby-3-98765");
    assertThat(PathIds.id("lobby-3-98765.2.mp4", ".mp4")).isEqualTo("lobby-3-98765.2");
    assertThat(PathIds.id("lobby-3-98765%2E2.jpg", ".jpg")).isEqualTo("lobby-3-98765.2");
  }

  @Test
  void namesThatAreNoIdAreRefused() {
    for (String bad : new String[] {"lobby-3-98765.original.mp4", "lobby-3-98765.0.mp4", "lobby-3-98765..mp4",
        "lobby-3-98765.2.2.mp4", "lobby-3-98765.%2e%2e.mp4", "lobby-3-98765.2.jpg"}) {
      assertThat(PathIds.id(bad, ".mp4")).as(bad).isNull();
    }
  }
}
