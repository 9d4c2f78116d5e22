package org.ebpftest.runtime.isa;

/** The instruction class: the low three bits of an opcode, which decide how the rest is read. */
public enum InstructionClass {
    /** Non-standard loads: the 64-bit immediate load and the legacy packet loads. */
    LD(0x00),
    /** Load from memory into a register. */
    LDX(0x01),
    /** Store an immediate to memory. */
    ST(0x02),
    /** Store a register to memory, and the atomic operations. */
    STX(0x03),
    /** 32-bit arithmetic; results are zero-extended to 64 bits. */
    ALU(0x04),
    /** 64-bit jumps, calls and exit. */
    JMP(0x05),
    /** Jumps that compare the low 32 bits of their operands. */
    JMP32(0x06),
    /** 64-bit arithmetic. */
    ALU64(0x07);

    private static final InstructionClass[] BY_CODE = values();

    private final int code;

    InstructionClass(int code) {
        this.code = code;
    }

    /** The three-bit value of this class in an opcode. */
    public int code() {
        return code;
    }

    /** The class of an opcode byte. */
    public static InstructionClass of(int opcode) {
        return BY_CODE[opcode & 0x07];
    }
}
