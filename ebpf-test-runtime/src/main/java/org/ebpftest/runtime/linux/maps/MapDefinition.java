package org.ebpftest.runtime.linux.maps;

import java.util.Objects;
import org.ebpftest.runtime.uapi.MapFlags;
import org.ebpftest.runtime.uapi.MapType;

/**
 * What a map is created from: the attributes of {@code BPF_MAP_CREATE} plus the offset of a
 * {@code struct bpf_spin_lock} in the value, which the kernel learns from BTF.
 *
 * @param name the map's name, for messages
 * @param type the kernel map type
 * @param keySize {@code key_size} in bytes
 * @param valueSize {@code value_size} in bytes
 * @param maxEntries {@code max_entries}
 * @param flags {@code map_flags}, see {@link MapFlags}
 * @param mapExtra {@code map_extra} (a bloom filter's number of hash functions)
 * @param spinLockOffset the byte offset of the value's {@code bpf_spin_lock}, or -1 if it has none
 */
public record MapDefinition(String name, MapType type, int keySize, int valueSize, long maxEntries,
                            int flags, long mapExtra, int spinLockOffset) {

    /** Checks that name and type are present; the kernel's checks happen at {@link BpfMaps#create}. */
    public MapDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /** A definition without flags, extra or spin lock. */
    public static MapDefinition of(String name, MapType type, int keySize, int valueSize, long maxEntries) {
        return new MapDefinition(name, type, keySize, valueSize, maxEntries, 0, 0, -1);
    }

    /** This definition with other {@code map_flags}. */
    public MapDefinition withFlags(int newFlags) {
        return new MapDefinition(name, type, keySize, valueSize, maxEntries, newFlags, mapExtra, spinLockOffset);
    }

    /** This definition with another {@code map_extra}. */
    public MapDefinition withMapExtra(long newExtra) {
        return new MapDefinition(name, type, keySize, valueSize, maxEntries, flags, newExtra, spinLockOffset);
    }

    /** This definition with a {@code bpf_spin_lock} at a byte offset of the value. */
    public MapDefinition withSpinLockAt(int offset) {
        return new MapDefinition(name, type, keySize, valueSize, maxEntries, flags, mapExtra, offset);
    }

    /** The type as the kernel and bpftool spell it, such as {@code lru_percpu_hash}. */
    public String typeName() {
        return typeName(type);
    }

    static String typeName(MapType type) {
        return type.name().toLowerCase(java.util.Locale.ROOT);
    }
}
