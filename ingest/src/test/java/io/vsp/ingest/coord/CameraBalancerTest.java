package io.vsp.ingest.coord;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CameraBalancerTest {
  private static final Set<String> SIX = Set.of("a", "b", "c", "d", "e", "f");

  private static CameraBalancer.Member member(Set<String> known, String... owned) {
    return new CameraBalancer.Member(known, Set.of(owned));
  }

  @Test
  void sixCamerasSplitThreeAndThree() {
    Map<String, List<String>> out = CameraBalancer.assign(Map.of("w1", member(SIX), "w2", member(SIX)));
    assertThat(out.get("w1")).hasSize(3);
    assertThat(out.get("w2")).hasSize(3);
    Set<String> all = new HashSet<>(out.get("w1"));
    all.addAll(out.get("w2"));
    assertThat(all).isEqualTo(SIX);
  }

  @Test
  void everyWorkerGetsFloorOrCeilOfTheShare() {
    Set<String> seven = Set.of("a", "b", "c", "d", "e", "f", "g");
    Map<String, CameraBalancer.Member> members = new TreeMap<>();
    for (String w : List.of("w1", "w2", "w3")) {
      members.put(w, member(seven));
    }
    Map<String, List<String>> out = CameraBalancer.assign(members);
    assertThat(out.values()).extracting(List::size).containsExactlyInAnyOrder(3, 2, 2);
  }

  @Test
  void survivorTakesOverAllCamerasAndKeepsItsOwn() {
    Map<String, List<String>> out = CameraBalancer.assign(Map.of("w2", member(SIX, "d", "e", "f")));
    assertThat(out.get("w2")).containsExactlyInAnyOrder("a", "b", "c", "d", "e", "f");
  }

  @Test
  void newWorkerTakesItsShareWhileTheOtherKeepsHalfOfWhatItHad() {
    Map<String, List<String>> out = CameraBalancer.assign(Map.of(
        "w1", member(SIX, "a", "b", "c", "d", "e", "f"), "w2", member(SIX)));
    assertThat(out.get("w1")).hasSize(3).isSubsetOf(SIX);
    assertThat(out.get("w2")).hasSize(3).doesNotContainAnyElementsOf(out.get("w1"));
  }

  @Test
  void cameraGoesOnlyToWorkersThatKnowIt() {
    Map<String, List<String>> out = CameraBalancer.assign(Map.of(
        "w1", member(Set.of("a", "b")), "w2", member(Set.of("a", "b", "new"))));
    assertThat(out.get("w2")).contains("new");
    assertThat(out.get("w1")).doesNotContain("new");
  }

  @Test
  void aCameraOwnedByTwoWorkersStaysWithOnlyOne() {
    Map<String, List<String>> out = CameraBalancer.assign(Map.of(
        "w1", member(Set.of("a", "b"), "a"), "w2", member(Set.of("a", "b"), "a")));
    assertThat(out.get("w1")).hasSize(1);
    assertThat(out.get("w2")).hasSize(1);
    assertThat(out.get("w1")).doesNotContainAnyElementsOf(out.get("w2"));
  }
}
