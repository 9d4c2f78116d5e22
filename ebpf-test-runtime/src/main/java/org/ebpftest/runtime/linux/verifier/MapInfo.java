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
 */
public record MapInfo(String name, MapType type, int keySize, int valueSize, long maxEntries, boolean readOnly, byte[] frozenValue) {
    /** Checks the fields and copies the value. */
    public MapInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        frozenValue = frozenValue == null ? null : frozenValue.clone();
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
