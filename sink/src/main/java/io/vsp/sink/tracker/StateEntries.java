package io.vsp.sink.tracker;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The key-value entries {@link TrackStore} lays a camera's state out on: the Kafka Streams store in the
 * processor, a sorted map in tests. Keys are ASCII, so their string order is the store's byte order.
 */
interface StateEntries {
  byte[] get(String key);

  void put(String key, byte[] value);

  void delete(String key);

  /** The entries whose key starts with {@code prefix}, in key order. */
  List<Map.Entry<String, byte[]>> withPrefix(String prefix);

  /** Every key, in order (a heartbeat walk over the cameras). */
  void forEachKey(Consumer<String> action);

  static StateEntries of(KeyValueStore<String, byte[]> store) {
    return new StateEntries() {
      @Override
      public byte[] get(String key) {
        return store.get(key);
      }

      @Override
      public void put(String key, byte[] value) {
        store.put(key, value);
      }

      @Override
      public void delete(String key) {
        store.delete(key);
      }

      @Override
      public List<Map.Entry<String, byte[]>> withPrefix(String prefix) {
        List<Map.Entry<String, byte[]>> found = new java.util.ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.prefixScan(prefix, new StringSerializer())) {
          it.forEachRemaining(kv -> found.add(Map.entry(kv.key, kv.value)));
        }
        return found;
      }

      @Override
      public void forEachKey(Consumer<String> action) {
        try (KeyValueIterator<String, byte[]> all = store.all()) {
          all.forEachRemaining((KeyValue<String, byte[]> kv) -> action.accept(kv.key));
        }
      }
    };
  }

  /** Entries in a sorted map: the store without Kafka. */
  static StateEntries of(TreeMap<String, byte[]> map) {
    return new StateEntries() {
      @Override
      public byte[] get(String key) {
        return map.get(key);
      }

      @Override
      public void put(String key, byte[] value) {
        map.put(key, value);
      }

      @Override
      public void delete(String key) {
        map.remove(key);
      }

      @Override
      public List<Map.Entry<String, byte[]>> withPrefix(String prefix) {
        return List.copyOf(map.subMap(prefix, prefix + Character.MAX_VALUE).entrySet());
      }

      @Override
      public void forEachKey(Consumer<String> action) {
        List.copyOf(map.keySet()).forEach(action);
      }
    };
  }
}
