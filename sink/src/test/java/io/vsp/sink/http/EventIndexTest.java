package io.vsp.sink.http;

import static io.vsp.sink.http.TestEvents.clip;
import static io.vsp.sink.http.TestEvents.end;
import static io.vsp.sink.http.TestEvents.event;
import static io.vsp.sink.http.TestEvents.start;
import static org.assertj.core.api.Assertions.assertThat;

import io.vsp.common.wire.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventIndexTest {
  private static final Instant T0 = Instant.parse("2026-11-27T18:00:00Z");

  @Test
  void theLatestRecordOfAnEventWins() {
    EventIndex index = new EventIndex();
    index.accept(start("lobby-3-1", "person", T0));
    index.accept(event("lobby-3-1", Event.UPDATE, "person", T0, null, 0.93, List.of("door")));

    List<EventView> events = index.query(null, null, null, 10);

    assertThat(events).hasSize(1);
    assertThat(events.get(0).type()).isEqualTo("update");
    assertThat(events.get(0).score()).isEqualTo(0.93);
    assertThat(events.get(0).zones()).containsExactly("door");
    assertThat(events.get(0).snapshot()).isEqualTo("/snapshots/lobby-3-1.jpg");
  }

  @Test
  void aRecordAfterTheEndDoesNotReopenTheEvent() {
    EventIndex index = new EventIndex();
    index.accept(end("lobby-3-1", "person", T0, Duration.ofSeconds(4)));
    index.accept(start("lobby-3-1", "person", T0)); // a replay of the topic from an earlier offset

    assertThat(index.query(null, null, null, 10)).singleElement()
        .satisfies(e -> assertThat(e.type()).isEqualTo("end"))
        .satisfies(e -> assertThat(e.endReason()).isEqualTo("lost"));
  }

  @Test
  void theClipJoinsItsEventWhicheverArrivesFirst() {
    EventIndex index = new EventIndex();
    index.accept(clip("lobby-3-1", T0, 1234));
    index.accept(end("lobby-3-1", "person", T0, Duration.ofSeconds(4)));
    index.accept(end("lobby-3-2", "person", T0.plusSeconds(60), Duration.ofSeconds(4)));
    index.accept(clip("lobby-3-2", T0.plusSeconds(60), 5678));
    index.accept(start("lobby-3-3", "person", T0.plusSeconds(120)));

    List<EventView> events = index.query(null, null, null, 10);

    assertThat(events).extracting(EventView::id).containsExactly("lobby-3-3", "lobby-3-2", "lobby-3-1");
    assertThat(events.get(0).clip()).isNull();
    assertThat(events.get(1).clip().bytes()).isEqualTo(5678);
    assertThat(events.get(1).clip().url()).isEqualTo("/clips/lobby-3-2.mp4");
    assertThat(events.get(2).clip().bytes()).isEqualTo(1234);
    assertThat(events.get(2).clip().frames()).isEqualTo(30);
  }

  @Test
  void aClipWithoutItsEventIsNotListed() {
    EventIndex index = new EventIndex();
    index.accept(clip("lobby-3-1", T0, 1234));

    assertThat(index.query(null, null, null, 10)).isEmpty();
  }

  @Test
  void filtersByCameraLabelAndSinceNewestFirstUpToTheLimit() {
    EventIndex index = new EventIndex();
    index.accept(end("lobby-3-1", "person", T0, Duration.ofSeconds(10)));
    index.accept(end("garage-0-1", "car", T0.plusSeconds(60), Duration.ofSeconds(10)));
    index.accept(start("lobby-3-2", "car", T0.plusSeconds(120)));
    index.accept(start("lobby-3-3", "person", T0.plusSeconds(180)));

    assertThat(ids(index.query("lobby", null, null, 10))).containsExactly("lobby-3-3", "lobby-3-2", "lobby-3-1");
    assertThat(ids(index.query(null, "car", null, 10))).containsExactly("lobby-3-2", "garage-0-1");
    assertThat(ids(index.query("lobby", "person", null, 10))).containsExactly("lobby-3-3", "lobby-3-1");
    assertThat(ids(index.query(null, null, null, 2))).containsExactly("lobby-3-3", "lobby-3-2");
    assertThat(ids(index.query("nowhere", null, null, 10))).isEmpty();
  }

  @Test
  void sinceKeepsEventsSeenAtOrAfterIt() {
    EventIndex index = new EventIndex();
    index.accept(end("lobby-3-1", "person", T0, Duration.ofSeconds(10))); // seen until T0+10s
    index.accept(end("lobby-3-2", "person", T0.minusSeconds(100), Duration.ofSeconds(200))); // until T0+100s
    index.accept(start("lobby-3-3", "person", T0.plusSeconds(30)));

    assertThat(ids(index.query(null, null, T0.plusSeconds(10), 10)))
        .containsExactly("lobby-3-3", "lobby-3-1", "lobby-3-2");
    assertThat(ids(index.query(null, null, T0.plusSeconds(11), 10))).containsExactly("lobby-3-3", "lobby-3-2");
    assertThat(ids(index.query(null, null, T0.plusSeconds(31), 10))).containsExactly("lobby-3-2");
  }

  @Test
  void keepsTheNewestEventsByStartWhenFull() {
    EventIndex index = new EventIndex(3);
    for (int i = 0; i < 5; i++) {
      index.accept(start("lobby-3-" + i, "person", T0.plusSeconds(i)));
    }
    index.accept(start("lobby-3-99", "person", T0.minusSeconds(1))); // older than all kept: dropped

    assertThat(index.size()).isEqualTo(3);
    assertThat(ids(index.query(null, null, null, 10))).containsExactly("lobby-3-4", "lobby-3-3", "lobby-3-2");
  }

  @Test
  void acceptsAndQueriesFromManyThreads() throws Exception {
    EventIndex index = new EventIndex(500);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<?>> jobs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        jobs.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < 1000; i++) {
            String id = "cam" + thread + "-0-" + i;
            index.accept(start(id, "person", T0.plusMillis(i)));
            index.accept(clip(id, T0.plusMillis(i), i));
            index.query(null, "person", null, 50);
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> job : jobs) {
        job.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(index.size()).isEqualTo(500);
    assertThat(index.query(null, null, null, 1000)).hasSize(500).allSatisfy(e -> assertThat(e.clip()).isNotNull());
  }

  private static List<String> ids(List<EventView> events) {
    return events.stream().map(EventView::id).toList();
  }
}
