package io.vsp.ingest.coord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Splits cameras between ingest workers: balanced (each worker gets ⌊N/W⌋ or ⌈N/W⌉ cameras), sticky (a
 * worker keeps the cameras it reads while that stays balanced, so a rebalance moves as few streams as
 * possible) and deterministic. A camera goes only to workers whose configuration knows it.
 */
public final class CameraBalancer {
  /** What one worker told the group: the cameras in its configuration and those it reads now. */
  public record Member(Set<String> known, Set<String> owned) {}

  private CameraBalancer() {}

  /** @param members keyed by member id; the result has an entry (maybe empty) for every member */
  public static Map<String, List<String>> assign(Map<String, Member> members) {
    Map<String, List<String>> result = new TreeMap<>();
    if (members.isEmpty()) {
      return result;
    }
    TreeSet<String> cameras = new TreeSet<>();
    members.values().forEach(m -> cameras.addAll(m.known()));
    List<String> ids = new ArrayList<>(new TreeSet<>(members.keySet()));
    ids.forEach(id -> result.put(id, new ArrayList<>()));
    int floor = cameras.size() / ids.size();
    int[] extraLeft = {cameras.size() % ids.size()};

    Set<String> placed = new HashSet<>();
    for (String id : ids) { // keep what each worker already reads, within its share
      Member m = members.get(id);
      for (String cam : new TreeSet<>(m.owned())) {
        if (cameras.contains(cam) && m.known().contains(cam) && !placed.contains(cam)
            && mayTakeOne(result.get(id).size(), floor, extraLeft)) {
          take(result.get(id), cam, floor, extraLeft);
          placed.add(cam);
        }
      }
    }
    Map<String, Integer> order = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      order.put(ids.get(i), i);
    }
    for (String cam : cameras) { // then hand out the rest to the least loaded workers that know them
      if (placed.contains(cam)) {
        continue;
      }
      String best = null;
      String fallback = null;
      for (String id : ids) {
        if (!members.get(id).known().contains(cam)) {
          continue;
        }
        int n = result.get(id).size();
        if (fallback == null || n < result.get(fallback).size()) {
          fallback = id;
        }
        if (mayTakeOne(n, floor, extraLeft) && (best == null || n < result.get(best).size())) {
          best = id;
        }
      }
      String chosen = best != null ? best : fallback;
      if (chosen != null) {
        take(result.get(chosen), cam, floor, extraLeft);
        placed.add(cam);
      }
    }
    return result;
  }

  private static boolean mayTakeOne(int current, int floor, int[] extraLeft) {
    return current < floor || (current == floor && extraLeft[0] > 0);
  }

  private static void take(List<String> list, String cam, int floor, int[] extraLeft) {
    if (list.size() == floor) {
      extraLeft[0]--;
    }
    list.add(cam);
  }
}
