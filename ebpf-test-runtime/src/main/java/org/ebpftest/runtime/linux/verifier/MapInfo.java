package org.ebpftest.runtime.linux.verifier;

import java.util.Objects;
import org.ebpftest.runtime.uapi.MapType;

/**
 * What the verifier needs of one map of the object, by its index in the object's map list: its
 * type and sizes, and for a read-only map ({@code .rodata}, frozen with {@code BPF_F_RDONLY_PROG})
 * its value, which the kernel's verifier reads as constants.
 *
 * @param name the map's name, for messages
 * @param type the map type
 * @param keySize the key size in bytes
 * @param valueSize the value size in bytes
 * @param maxEntries the number of entries
 * @param readOnly true when programs may only read the map (the kernel refuses stores into it)
 * @param frozenValue the value of entry 0 of a read-only single-entry array, or null when unknown
 * @param spinLockOffset the byte offset of the value's {@code struct bpf_spin_lock} (from BTF), {@link #NO_SPIN_LOCK}
 *     when the value type has none, {@link #NO_BTF} when the map has no BTF value type
 * @param timerOffset the byte offset of the value's {@code struct bpf_timer}, {@link #NO_SPIN_LOCK} (none) or {@link #NO_BTF} as for the lock
 * @param wqOffset the byte offset of the value's {@code struct bpf_wq}, {@link #NO_SPIN_LOCK} (none) or {@link #NO_BTF} as for the lock
 * @param inner for a map of maps, its inner map template (what a lookup in it gives a pointer to,
 *     the kernel's {@code inner_map_meta}); null otherwise
 * @param writeOnly true when programs may only write the map ({@code BPF_F_WRONLY_PROG}: the kernel
 *     refuses loads from it)
 */
public record MapInfo(String name, MapType type, int keySize, int valueSize, long maxEntries, boolean readOnly, byte[] frozenValue,
                      int spinLockOffset, int timerOffset, int wqOffset, MapInfo inner, boolean writeOnly) {
    /** {@link #spinLockOffset} of a map whose BTF value type has no {@code bpf_spin_lock}. */
    public static final int NO_SPIN_LOCK = -1;
    /** {@link #spinLockOffset} of a map without a BTF value type (the kernel then refuses any lock in it). */
    public static final int NO_BTF = -2;

    /** Checks the fields and copies the value. */
    public MapInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        frozenValue = frozenValue == null ? null : frozenValue.clone();
    }

    /** A map that programs may read. */
    public MapInfo(String name, MapType type, int keySize, int valueSize, long maxEntries, boolean readOnly, byte[] frozenValue,
            int spinLockOffset, int timerOffset, int wqOffset, MapInfo inner) {
        this(name, type, keySize, valueSize, maxEntries, readOnly, frozenValue, spinLockOffset, timerOffset, wqOffset, inner, false);
    }

    /** A map that is not a map of maps. */
    public MapInfo(String name, MapType type, int keySize, int valueSize, long maxEntries, boolean readOnly, byte[] frozenValue,
            int spinLockOffset, int timerOffset, int wqOffset) {
        this(name, type, keySize, valueSize, maxEntries, readOnly, frozenValue, spinLockOffset, timerOffset, wqOffset, null);
    }

    /** A map whose value may hold a {@code bpf_spin_lock} but no timer or work queue. */
    public MapInfo(String name, MapType type, int keySize, int valueSize, long maxEntries, boolean readOnly, byte[] frozenValue,
            int spinLockOffset) {
        this(name, type, keySize, valueSize, maxEntries, readOnly, frozenValue, spinLockOffset,
                spinLockOffset == NO_BTF ? NO_BTF : NO_SPIN_LOCK, spinLockOffset == NO_BTF ? NO_BTF : NO_SPIN_LOCK);
    }

    /** A map without BTF, so without a {@code bpf_spin_lock}. */
    public MapInfo(String name, MapType type, int keySize, int valueSize, long maxEntries, boolean readOnly, byte[] frozenValue) {
        this(name, type, keySize, valueSize, maxEntries, readOnly, frozenValue, NO_BTF);
    }

    /** A copy of the read-only value, or null. */
    @Override
    public byte[] frozenValue() {
        return frozenValue == null ? null : frozenValue.clone();
    }

    byte[] frozenValueNoCopy() {
        return frozenValue;
    }
}
