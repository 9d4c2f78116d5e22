package org.ebpftest.runtime.isa;

/** The operation of a JMP or JMP32 instruction: the high four bits of its opcode. */
public enum JumpOp {
    /** Unconditional jump; in JMP32 ({@code gotol}) the offset is the 32-bit immediate. */
    JA(0x00, null),
    /** Jump if equal. */
    JEQ(0x10, "=="),
    /** Jump if greater, unsigned. */
    JGT(0x20, ">"),
    /** Jump if greater or equal, unsigned. */
    JGE(0x30, ">="),
    /** Jump if dst &amp; src is not zero. */
    JSET(0x40, "&"),
    /** Jump if not equal. */
    JNE(0x50, "!="),
    /** Jump if greater, signed. */
    JSGT(0x60, "s>"),
    /** Jump if greater or equal, signed. */
    JSGE(0x70, "s>="),
    /** Call a helper, a local function (bpf-to-bpf) or a kernel function. */
    CALL(0x80, null),
    /** Return from the function, r0 holding the result. */
    EXIT(0x90, null),
    /** Jump if less, unsigned. */
    JLT(0xa0, "<"),
    /** Jump if less or equal, unsigned. */
    JLE(0xb0, "<="),
    /** Jump if less, signed. */
    JSLT(0xc0, "s<"),
    /** Jump if less or equal, signed. */
    JSLE(0xd0, "s<="),
    /**
     * {@code may_goto} (BPF_JCOND, v4): the bounded-loop escape of the {@code can_loop} and
     * {@code cond_break} macros; falls through while the frame's loop budget lasts, jumps once it is spent.
     */
    JCOND(0xe0, null);

    private static final FieldTable<JumpOp> FIELD = new FieldTable<>(values(), JumpOp::code, 0xf0);

    private final int code;
    private final String operator;

    JumpOp(int code, String operator) {
        this.code = code;
        this.operator = operator;
    }

    /** The operation's bits in an opcode (already shifted into place). */
    public int code() {
        return code;
    }

    /** The comparison the disassembler prints, such as {@code s>=}; null for JA, CALL, EXIT, JCOND. */
    public String operator() {
        return operator;
    }

    /** True for the jumps that compare their operands. */
    public boolean isConditional() {
        return operator != null;
    }

    /** The operation of a jump opcode byte, or null for the unused value 0xf0. */
    public static JumpOp of(int opcode) {
        return FIELD.of(opcode);
    }
}
