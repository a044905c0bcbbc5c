package io.vsp.sink.http;

import io.vsp.common.wire.Clip;
import io.vsp.common.wire.Event;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The recent events behind the page and {@code /api/events}: folds the {@code events} and {@code clips}
 * records into one view per event id (its latest record, merged with its clip, whichever arrives first) and
 * keeps the {@code capacity} events with the newest {@code startTs}. Thread-safe: consumers add, HTTP threads
 * query.
 */
public final class EventIndex {
  public static final int DEFAULT_CAPACITY = 10_000;
  private static final Comparator<Entry> OLDEST_FIRST =
      Comparator.comparing((Entry e) -> e.start).thenComparing(e -> e.id);

  private final int capacity;
  private final Map<String, Entry> byId = new HashMap<>(); // guarded by this
  private final TreeSet<Entry> byStart = new TreeSet<>(OLDEST_FIRST); // guarded by this

  public EventIndex() {
    this(DEFAULT_CAPACITY);
  }

  public EventIndex(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1 (got " + capacity + ")");
    }
    this.capacity = capacity;
  }

  /** One event id's latest record and clip; its start orders the index. Changed only under the index's lock. */
  private static final class Entry {
    final String id;
    Instant start;
    Event event; // null until the first events record (its clip came first)
    Clip clip;

    Entry(String id, Instant start) {
      this.id = id;
      this.start = start;
    }
  }

  /**
   * Adds an {@code events} record. It replaces the event's earlier record, except that a record arriving after
   * the {@code end} (a replay, a late update) never reopens a finished event.
   */
  public synchronized void accept(Event event) {
    Entry entry = entry(event.id(), instant(event.startTs(), event.ts()));
    if (entry == null) {
      return;
    }
    if (entry.event == null || !entry.event.type().equals(Event.END) || event.type().equals(Event.END)) {
      entry.event = event;
      restart(entry, instant(event.startTs(), event.ts()));
    }
    evict();
  }

  /** Adds a {@code clips} record; it joins its event ({@code eventId}, else its own id) now or when it arrives. */
  public synchronized void accept(Clip clip) {
    String id = clip.eventId() != null ? clip.eventId() : clip.id();
    Entry entry = entry(id, instant(clip.startTs(), clip.endTs()));
    if (entry == null) {
      return;
    }
    entry.clip = clip;
    evict();
  }

  /**
   * Events newest first (by {@code startTs}), at most {@code limit}.
   *
   * @param camera only this camera's events; null for all
   * @param label only events with this label; null for all
   * @param since only events seen at or after this time: their latest capture time ({@code endTs}, else
   *     {@code ts}, else {@code startTs}) is not before it, so an event that began earlier but is still going
   *     on is included; null for all
   */
  public synchronized List<EventView> query(String camera, String label, Instant since, int limit) {
    List<EventView> out = new ArrayList<>();
    for (Entry entry : byStart.descendingSet()) {
      if (out.size() >= limit) {
        break;
      }
      Event e = entry.event;
      if (e == null
          || camera != null && !camera.equals(e.camera())
          || label != null && !label.equals(e.label())
          || since != null && lastSeen(e).isBefore(since)) {
        continue;
      }
      out.add(EventView.of(e, entry.clip));
    }
    return out;
  }

  public synchronized int size() {
    return byId.size();
  }

  /** The entry of {@code id}, new if needed; null when the index is full of newer events. */
  private Entry entry(String id, Instant start) {
    Entry entry = byId.get(id);
    if (entry != null) {
      return entry;
    }
    if (byId.size() >= capacity && OLDEST_FIRST.compare(new Entry(id, start), byStart.first()) < 0) {
      return null; // older than everything kept: it would be evicted at once
    }
    entry = new Entry(id, start);
    byId.put(id, entry);
    byStart.add(entry);
    return entry;
  }

  /** Moves {@code entry} to a new start time (the event's record knows it better than a clip-first guess). */
  private void restart(Entry entry, Instant start) {
    if (!entry.start.equals(start)) {
      byStart.remove(entry);
      entry.start = start;
      byStart.add(entry);
    }
  }

  private void evict() {
    while (byId.size() > capacity) {
      Entry oldest = byStart.pollFirst();
      byId.remove(oldest.id);
    }
  }

  private static Instant lastSeen(Event e) {
    return instant(e.endTs() != null ? e.endTs() : e.ts() != null ? e.ts() : e.startTs(), null);
  }

  /** The first of the given timestamps that parses; the epoch when none does (sorts last, never fails). */
  private static Instant instant(String first, String fallback) {
    for (String text : new String[] {first, fallback}) {
      if (text != null) {
        try {
          return Instant.parse(text);
        } catch (DateTimeParseException e) {
          // try the next one
        }
      }
    }
    return Instant.EPOCH;
  }
}
