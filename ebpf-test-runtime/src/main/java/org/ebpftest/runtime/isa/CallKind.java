package org.ebpftest.runtime.isa;

/** What a {@code call} instruction calls, from its source-register field. */
public enum CallKind {
    /** A helper function by its number in imm. */
    HELPER(0),
    /** A function of the same program, imm instructions after the next one ({@code BPF_PSEUDO_CALL}). */
    LOCAL(1),
    /** A kernel function by BTF id in imm ({@code BPF_PSEUDO_KFUNC_CALL}). */
    KFUNC(2);

    private final int code;

    CallKind(int code) {
        this.code = code;
    }

    /** The value of the source-register field. */
    public int code() {
        return code;
    }

    /** The kind for a source-register value, or null when it names none. */
    public static CallKind of(int src) {
        return src >= 0 && src < values().length ? values()[src] : null;
    }
}
