package org.ebpftest.runtime.isa;

/** The operation of an ALU or ALU64 instruction: the high four bits of its opcode. */
public enum AluOp {
    /** dst += src */
    ADD(0x00, "+="),
    /** dst -= src */
    SUB(0x10, "-="),
    /** dst *= src */
    MUL(0x20, "*="),
    /** dst /= src; unsigned, or signed when the offset is 1; division by zero gives 0. */
    DIV(0x30, "/="),
    /** dst |= src */
    OR(0x40, "|="),
    /** dst &amp;= src */
    AND(0x50, "&="),
    /** dst &lt;&lt;= src, the count masked to the operand width. */
    LSH(0x60, "<<="),
    /** dst &gt;&gt;= src (logical), the count masked to the operand width. */
    RSH(0x70, ">>="),
    /** dst = -dst */
    NEG(0x80, "= -"),
    /** dst %= src; unsigned, or signed when the offset is 1; modulo by zero keeps dst. */
    MOD(0x90, "%="),
    /** dst ^= src */
    XOR(0xa0, "^="),
    /** dst = src, sign-extending from 8, 16 or 32 bits when the offset says so. */
    MOV(0xb0, "="),
    /** dst s&gt;&gt;= src (arithmetic), the count masked to the operand width. */
    ARSH(0xc0, "s>>="),
    /** Byte swap: to little or big endian (ALU), or unconditionally (ALU64); width in imm. */
    END(0xd0, "=");

    private static final FieldTable<AluOp> FIELD = new FieldTable<>(values(), AluOp::code, 0xf0);

    private final int code;
    private final String operator;

    AluOp(int code, String operator) {
        this.code = code;
        this.operator = operator;
    }

    /** The operation's bits in an opcode (already shifted into place). */
    public int code() {
        return code;
    }

    /** The C-like operator the disassembler prints, such as {@code +=}. */
    public String operator() {
        return operator;
    }

    /** The operation of an ALU opcode byte, or null for the two unused values. */
    public static AluOp of(int opcode) {
        return FIELD.of(opcode);
    }
}
