package org.ebpftest.runtime.linux.maps;

import java.util.List;

/**
 * One element as the host sees it: the key and its value, or one value per CPU for per-CPU maps.
 *
 * @param key the key bytes (empty for maps without keys)
 * @param values the value, or one value per CPU
 */
public record MapEntry(byte[] key, List<byte[]> values) {
    /** An entry with a single value. */
    public static MapEntry of(byte[] key, byte[] value) {
        return new MapEntry(key, List.of(value));
    }

    /** The value, or CPU 0's value of a per-CPU map. */
    public byte[] value() {
        return values.get(0);
    }
}
