package org.ebpftest.runtime.linux.maps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ebpftest.runtime.uapi.MapFlags;

/**
 * A typed view of a {@link BpfMap} for tests: keys and values go through {@link MapCodec}s, and
 * every method has the host path's kernel semantics.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class TypedMap<K, V> {
    private final BpfMap map;
    private final MapCodec<K> keys;
    private final MapCodec<V> values;

    TypedMap(BpfMap map, MapCodec<K> keys, MapCodec<V> values) {
        if (keys.size() != map.keySize() || values.size() != map.valueSize()) {
            throw new IllegalArgumentException(map + " has key_size " + map.keySize() + " and value_size " + map.valueSize()
                    + ", but the codecs encode " + keys.size() + " and " + values.size() + " bytes");
        }
        this.map = map;
        this.keys = keys;
        this.values = values;
    }

    /** The underlying map. */
    public BpfMap map() {
        return map;
    }

    /** Inserts or replaces, throwing {@link MapOperationException} where the kernel fails. */
    public void put(K key, V value) {
        map.put(keys.encode(key), values.encode(value));
    }

    /**
     * Updates with flags ({@link MapFlags}).
     *
     * @throws MapOperationException with the kernel's errno
     */
    public void update(K key, V value, long flags) {
        map.update(keys.encode(key), values.encode(value), flags);
    }

    /** The value of a key, or empty; for per-CPU maps use {@link #getPerCpu}. */
    public Optional<V> get(K key) {
        return map.lookup(keys.encode(key)).map(values::decode);
    }

    /** One value per CPU, or empty when the key is absent. */
    public Optional<List<V>> getPerCpu(K key) {
        return map.lookupPerCpu(keys.encode(key)).map(raw -> raw.stream().map(values::decode).toList());
    }

    /**
     * Deletes a key.
     *
     * @return true if it was there
     * @throws MapOperationException for errors other than an absent key
     */
    public boolean delete(K key) {
        return map.delete(keys.encode(key));
    }

    /** True if the key has an element. */
    public boolean containsKey(K key) {
        return map.containsKey(keys.encode(key));
    }

    /** The number of elements. */
    public int size() {
        return map.size();
    }

    /** The keys in the kernel's iteration order. */
    public List<K> keys() {
        List<K> out = new ArrayList<>();
        for (byte[] k : map.keys()) {
            out.add(keys.decode(k));
        }
        return out;
    }

    /** The elements in the kernel's iteration order (CPU 0's value for per-CPU maps). */
    public Map<K, V> entries() {
        Map<K, V> out = new LinkedHashMap<>();
        for (MapEntry e : map.entries()) {
            out.put(keys.decode(e.key()), values.decode(e.value()));
        }
        return out;
    }
}
