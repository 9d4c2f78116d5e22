package org.ebpftest.runtime.elf;

/** Whether a map asks to be pinned in bpffs ({@code __uint(pinning, LIBBPF_PIN_BY_NAME)}). */
public enum Pinning {
    /** Not pinned. */
    NONE,
    /** Pinned under its name, and reused when a pin of that name exists. */
    BY_NAME;

    static Pinning of(long value) {
        return value == 0 ? NONE : value == 1 ? BY_NAME : null;
    }
}
