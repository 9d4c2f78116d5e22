package org.ebpftest.runtime.linux.maps;

import java.util.List;
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
 * @param kernelFields the value's other fields that hold kernel state ({@code __kptr} pointers,
 *     {@code bpf_list_head}, {@code bpf_rb_root}, {@code bpf_timer}, {@code bpf_wq}): user space
 *     reads them as zeros, and a value written from either side leaves them empty, as the kernel's
 *     {@code copy_map_value} and {@code bpf_obj_free_fields} do
 */
public record MapDefinition(String name, MapType type, int keySize, int valueSize, long maxEntries,
                            int flags, long mapExtra, int spinLockOffset, List<KernelField> kernelFields) {

    /**
     * A field of the value that holds kernel state, which the kernel learns from BTF.
     *
     * @param kind the field's kind, such as {@code kptr} or {@code bpf_list_head}
     * @param offset its byte offset in the value
     * @param size its size in bytes
     */
    public record KernelField(String kind, int offset, int size) {
    }

    /** Checks that name and type are present; the kernel's checks happen at {@link BpfMaps#create}. */
    public MapDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        kernelFields = List.copyOf(kernelFields);
    }

    /** A definition without kernel fields besides the spin lock. */
    public MapDefinition(String name, MapType type, int keySize, int valueSize, long maxEntries, int flags, long mapExtra, int spinLockOffset) {
        this(name, type, keySize, valueSize, maxEntries, flags, mapExtra, spinLockOffset, List.of());
    }

    /** A definition without flags, extra or spin lock. */
    public static MapDefinition of(String name, MapType type, int keySize, int valueSize, long maxEntries) {
        return new MapDefinition(name, type, keySize, valueSize, maxEntries, 0, 0, -1);
    }

    /** This definition with other {@code map_flags}. */
    public MapDefinition withFlags(int newFlags) {
        return new MapDefinition(name, type, keySize, valueSize, maxEntries, newFlags, mapExtra, spinLockOffset, kernelFields);
    }

    /** This definition with another {@code map_extra}. */
    public MapDefinition withMapExtra(long newExtra) {
        return new MapDefinition(name, type, keySize, valueSize, maxEntries, flags, newExtra, spinLockOffset, kernelFields);
    }

    /** This definition with a {@code bpf_spin_lock} at a byte offset of the value. */
    public MapDefinition withSpinLockAt(int offset) {
        return new MapDefinition(name, type, keySize, valueSize, maxEntries, flags, mapExtra, offset, kernelFields);
    }

    /** This definition with fields of the value that hold kernel state. */
    public MapDefinition withKernelFields(List<KernelField> fields) {
        return new MapDefinition(name, type, keySize, valueSize, maxEntries, flags, mapExtra, spinLockOffset, fields);
    }

    /** The type as the kernel and bpftool spell it, such as {@code lru_percpu_hash}. */
    public String typeName() {
        return typeName(type);
    }

    static String typeName(MapType type) {
        return type.name().toLowerCase(java.util.Locale.ROOT);
    }
}
