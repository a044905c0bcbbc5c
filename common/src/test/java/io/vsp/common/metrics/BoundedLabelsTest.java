package io.vsp.common.metrics;

import static io.vsp.common.metrics.BoundedLabels.OTHER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BoundedLabelsTest {
  @Test
  void knownValuesKeepTheirValueAndUnknownOnesFoldIntoOther() {
    BoundedLabels labels = BoundedLabels.of(List.of("person", "car"));
    assertThat(labels.value("person")).isEqualTo("person");
    assertThat(labels.value("car")).isEqualTo("car");
    assertThat(labels.value("unicorn")).isEqualTo(OTHER);
    assertThat(labels.value(null)).isEqualTo(OTHER);
  }

  @Test
  void otherItselfIsAllowedAndUsesNoBudget() {
    BoundedLabels labels = BoundedLabels.learning(1);
    assertThat(labels.value(OTHER)).isEqualTo(OTHER);
    assertThat(labels.value("lobby")).isEqualTo("lobby");
  }

  @Test
  void learnedValuesAreCappedFirstComeFirstServed() {
    BoundedLabels labels = BoundedLabels.learning(3);
    List<String> seen = IntStream.range(0, 10_000).mapToObj(i -> labels.value("cam" + i)).distinct().toList();
    assertThat(seen).containsExactly("cam0", "cam1", "cam2", OTHER);
    assertThat(labels.value("cam1")).as("a learned value keeps its value").isEqualTo("cam1");
  }

  @Test
  void knownValuesPassEvenWhenTheBudgetIsSpent() {
    Set<String> configured = ConcurrentHashMap.newKeySet();
    BoundedLabels cameras = new BoundedLabels(configured::contains, 1);
    assertThat(cameras.value("stray")).isEqualTo("stray");
    assertThat(cameras.value("lobby")).isEqualTo(OTHER);
    configured.add("lobby"); // the configuration changed at run time
    assertThat(cameras.value("lobby")).isEqualTo("lobby");
    configured.remove("lobby");
    assertThat(cameras.value("lobby")).isEqualTo(OTHER);
  }

  @Test
  void negativeBudgetIsRejected() {
    assertThatThrownBy(() -> BoundedLabels.learning(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxLearned must be >= 0, not -1");
  }
}
