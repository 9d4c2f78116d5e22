package org.ebpftest.runtime.isa;

/** The addressing mode of a load or store: the high three bits of its opcode. */
public enum Mode {
    /** The 64-bit immediate load ({@code lddw}), in class LD. */
    IMM(0x00),
    /** Legacy packet load at a constant offset (socket filters, TC). */
    ABS(0x20),
    /** Legacy packet load at a register plus a constant offset. */
    IND(0x40),
    /** Ordinary memory access. */
    MEM(0x60),
    /** Sign-extending load (ISA v4). */
    MEMSX(0x80),
    /** Atomic operation, chosen by the immediate (see {@link AtomicOp}). */
    ATOMIC(0xc0);

    private static final FieldTable<Mode> FIELD = new FieldTable<>(values(), Mode::code, 0xe0);

    private final int code;

    Mode(int code) {
        this.code = code;
    }

    /** The mode's bits in an opcode (already shifted into place). */
    public int code() {
        return code;
    }

    /** The mode of a load or store opcode byte, or null for the unused values. */
    public static Mode of(int opcode) {
        return FIELD.of(opcode);
    }
}
