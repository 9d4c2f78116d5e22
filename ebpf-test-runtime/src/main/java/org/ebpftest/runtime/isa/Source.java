package org.ebpftest.runtime.isa;

/** The operand source of an ALU or jump instruction: bit 3 of its opcode. */
public enum Source {
    /** The 32-bit immediate, sign-extended. */
    K(0x00),
    /** The source register. */
    X(0x08);

    private final int code;

    Source(int code) {
        this.code = code;
    }

    /** The source's bit in an opcode (already shifted into place). */
    public int code() {
        return code;
    }

    /** The source of an ALU or jump opcode byte. */
    public static Source of(int opcode) {
        return (opcode & 0x08) == 0 ? K : X;
    }
}
