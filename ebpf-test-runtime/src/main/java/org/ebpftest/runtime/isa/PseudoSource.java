package org.ebpftest.runtime.isa;

/**
 * What the source-register field of a {@code lddw} means: a plain constant or one of the
 * kernel's pseudo loads that the loader resolves.
 */
public enum PseudoSource {
    /** A plain 64-bit constant. */
    IMM64(0),
    /** The map with file descriptor imm ({@code BPF_PSEUDO_MAP_FD}). */
    MAP_FD(1),
    /** The address of the value of map fd imm plus the offset in the next imm ({@code BPF_PSEUDO_MAP_VALUE}). */
    MAP_VALUE(2),
    /** The address of a kernel variable by BTF id ({@code BPF_PSEUDO_BTF_ID}). */
    BTF_ID(3),
    /** The address of the function imm instructions further on ({@code BPF_PSEUDO_FUNC}). */
    FUNC(4),
    /** The map at index imm of the program's map array ({@code BPF_PSEUDO_MAP_IDX}). */
    MAP_IDX(5),
    /** The value of the map at index imm plus an offset ({@code BPF_PSEUDO_MAP_IDX_VALUE}). */
    MAP_IDX_VALUE(6);

    private final int code;

    PseudoSource(int code) {
        this.code = code;
    }

    /** The value of the source-register field. */
    public int code() {
        return code;
    }

    /** The pseudo source for a source-register value, or null when it names none. */
    public static PseudoSource of(int src) {
        return src >= 0 && src < values().length ? values()[src] : null;
    }
}
