package org.ebpftest.runtime.elf;

/**
 * Whether a map asks to be pinned in bpffs: libbpf's {@code __uint(pinning, LIBBPF_PIN_BY_NAME)},
 * or the {@code pinning} field of iproute2's {@code struct bpf_elf_map}.
 */
public enum Pinning {
    /** Not pinned. */
    NONE,
    /** Pinned under its name, and reused when a pin of that name exists. */
    BY_NAME,
    /** iproute2's PIN_OBJECT_NS: pinned in a directory of the object's own, shared by its programs. */
    OBJECT_NS,
    /** iproute2's PIN_GLOBAL_NS: pinned under its name in tc's {@code globals} directory, shared by every object. */
    GLOBAL_NS,
    /** An iproute2 pinning number above 2, which tc resolves to a path through {@code /etc/iproute2/bpf_pinning}. */
    CUSTOM;

    /** libbpf's values. */
    static Pinning of(long value) {
        return value == 0 ? NONE : value == 1 ? BY_NAME : null;
    }

    /** iproute2's values ({@code PIN_NONE}, {@code PIN_OBJECT_NS}, {@code PIN_GLOBAL_NS}, then custom ones). */
    static Pinning ofElfMap(long value) {
        return value == 0 ? NONE : value == 1 ? OBJECT_NS : value == 2 ? GLOBAL_NS : CUSTOM;
    }
}
