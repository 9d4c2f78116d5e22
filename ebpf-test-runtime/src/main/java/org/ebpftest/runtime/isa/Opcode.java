package org.ebpftest.runtime.isa;

/**
 * Every opcode byte the eBPF instruction set defines (RFC 9669 and Linux), each composed from
 * the fields that make it up ({@link InstructionClass}, then {@link AluOp} or {@link JumpOp} and
 * {@link Source}, or {@link Mode} and {@link Size}), decoded through a 256-entry table. Some
 * opcodes are refined by other fields: signed division and modulo and sign-extending moves by the
 * offset, byte swaps by the immediate, atomics by the immediate, calls by the source register;
 * {@link Operation} is the opcode with that refinement.
 */
public enum Opcode {
    /** 32-bit dst += imm. */
    ADD32_IMM(InstructionClass.ALU, AluOp.ADD, Source.K),
    /** jump by off. */
    JA(InstructionClass.JMP, JumpOp.JA, Source.K),
    /** jump by imm (gotol, v4). */
    JA32(InstructionClass.JMP32, JumpOp.JA, Source.K),
    /** 64-bit dst += imm. */
    ADD64_IMM(InstructionClass.ALU64, AluOp.ADD, Source.K),
    /** 32-bit dst += src. */
    ADD32_REG(InstructionClass.ALU, AluOp.ADD, Source.X),
    /** 64-bit dst += src. */
    ADD64_REG(InstructionClass.ALU64, AluOp.ADD, Source.X),
    /** 32-bit dst -= imm. */
    SUB32_IMM(InstructionClass.ALU, AluOp.SUB, Source.K),
    /** jump if dst == imm. */
    JEQ_IMM(InstructionClass.JMP, JumpOp.JEQ, Source.K),
    /** jump if wdst == imm. */
    JEQ32_IMM(InstructionClass.JMP32, JumpOp.JEQ, Source.K),
    /** 64-bit dst -= imm. */
    SUB64_IMM(InstructionClass.ALU64, AluOp.SUB, Source.K),
    /** dst = 64-bit immediate or pseudo load, two slots. */
    LDDW(InstructionClass.LD, Mode.IMM, Size.DW),
    /** 32-bit dst -= src. */
    SUB32_REG(InstructionClass.ALU, AluOp.SUB, Source.X),
    /** jump if dst == src. */
    JEQ_REG(InstructionClass.JMP, JumpOp.JEQ, Source.X),
    /** jump if wdst == src. */
    JEQ32_REG(InstructionClass.JMP32, JumpOp.JEQ, Source.X),
    /** 64-bit dst -= src. */
    SUB64_REG(InstructionClass.ALU64, AluOp.SUB, Source.X),
    /** r0 = legacy packet load of skb[imm], network order. */
    LDABSW(InstructionClass.LD, Mode.ABS, Size.W),
    /** 32-bit dst *= imm. */
    MUL32_IMM(InstructionClass.ALU, AluOp.MUL, Source.K),
    /** jump if dst &gt; unsigned imm. */
    JGT_IMM(InstructionClass.JMP, JumpOp.JGT, Source.K),
    /** jump if wdst &gt; unsigned imm. */
    JGT32_IMM(InstructionClass.JMP32, JumpOp.JGT, Source.K),
    /** 64-bit dst *= imm. */
    MUL64_IMM(InstructionClass.ALU64, AluOp.MUL, Source.K),
    /** r0 = legacy packet load of skb[imm], network order. */
    LDABSH(InstructionClass.LD, Mode.ABS, Size.H),
    /** 32-bit dst *= src. */
    MUL32_REG(InstructionClass.ALU, AluOp.MUL, Source.X),
    /** jump if dst &gt; unsigned src. */
    JGT_REG(InstructionClass.JMP, JumpOp.JGT, Source.X),
    /** jump if wdst &gt; unsigned src. */
    JGT32_REG(InstructionClass.JMP32, JumpOp.JGT, Source.X),
    /** 64-bit dst *= src. */
    MUL64_REG(InstructionClass.ALU64, AluOp.MUL, Source.X),
    /** r0 = legacy packet load of skb[imm], network order. */
    LDABSB(InstructionClass.LD, Mode.ABS, Size.B),
    /** 32-bit dst /= imm (sdiv when off is 1). */
    DIV32_IMM(InstructionClass.ALU, AluOp.DIV, Source.K),
    /** jump if dst &gt;= unsigned imm. */
    JGE_IMM(InstructionClass.JMP, JumpOp.JGE, Source.K),
    /** jump if wdst &gt;= unsigned imm. */
    JGE32_IMM(InstructionClass.JMP32, JumpOp.JGE, Source.K),
    /** 64-bit dst /= imm (sdiv when off is 1). */
    DIV64_IMM(InstructionClass.ALU64, AluOp.DIV, Source.K),
    /** 32-bit dst /= src (sdiv when off is 1). */
    DIV32_REG(InstructionClass.ALU, AluOp.DIV, Source.X),
    /** jump if dst &gt;= unsigned src. */
    JGE_REG(InstructionClass.JMP, JumpOp.JGE, Source.X),
    /** jump if wdst &gt;= unsigned src. */
    JGE32_REG(InstructionClass.JMP32, JumpOp.JGE, Source.X),
    /** 64-bit dst /= src (sdiv when off is 1). */
    DIV64_REG(InstructionClass.ALU64, AluOp.DIV, Source.X),
    /** r0 = legacy packet load of skb[src + imm], network order. */
    LDINDW(InstructionClass.LD, Mode.IND, Size.W),
    /** 32-bit dst |= imm. */
    OR32_IMM(InstructionClass.ALU, AluOp.OR, Source.K),
    /** jump if dst &amp; imm != 0. */
    JSET_IMM(InstructionClass.JMP, JumpOp.JSET, Source.K),
    /** jump if wdst &amp; imm != 0. */
    JSET32_IMM(InstructionClass.JMP32, JumpOp.JSET, Source.K),
    /** 64-bit dst |= imm. */
    OR64_IMM(InstructionClass.ALU64, AluOp.OR, Source.K),
    /** r0 = legacy packet load of skb[src + imm], network order. */
    LDINDH(InstructionClass.LD, Mode.IND, Size.H),
    /** 32-bit dst |= src. */
    OR32_REG(InstructionClass.ALU, AluOp.OR, Source.X),
    /** jump if dst &amp; src != 0. */
    JSET_REG(InstructionClass.JMP, JumpOp.JSET, Source.X),
    /** jump if wdst &amp; src != 0. */
    JSET32_REG(InstructionClass.JMP32, JumpOp.JSET, Source.X),
    /** 64-bit dst |= src. */
    OR64_REG(InstructionClass.ALU64, AluOp.OR, Source.X),
    /** r0 = legacy packet load of skb[src + imm], network order. */
    LDINDB(InstructionClass.LD, Mode.IND, Size.B),
    /** 32-bit dst &amp;= imm. */
    AND32_IMM(InstructionClass.ALU, AluOp.AND, Source.K),
    /** jump if dst != imm. */
    JNE_IMM(InstructionClass.JMP, JumpOp.JNE, Source.K),
    /** jump if wdst != imm. */
    JNE32_IMM(InstructionClass.JMP32, JumpOp.JNE, Source.K),
    /** 64-bit dst &amp;= imm. */
    AND64_IMM(InstructionClass.ALU64, AluOp.AND, Source.K),
    /** 32-bit dst &amp;= src. */
    AND32_REG(InstructionClass.ALU, AluOp.AND, Source.X),
    /** jump if dst != src. */
    JNE_REG(InstructionClass.JMP, JumpOp.JNE, Source.X),
    /** jump if wdst != src. */
    JNE32_REG(InstructionClass.JMP32, JumpOp.JNE, Source.X),
    /** 64-bit dst &amp;= src. */
    AND64_REG(InstructionClass.ALU64, AluOp.AND, Source.X),
    /** dst = *(size *)(src + off). */
    LDXW(InstructionClass.LDX, Mode.MEM, Size.W),
    /** *(size *)(dst + off) = imm. */
    STW(InstructionClass.ST, Mode.MEM, Size.W),
    /** *(size *)(dst + off) = src. */
    STXW(InstructionClass.STX, Mode.MEM, Size.W),
    /** 32-bit dst &lt;&lt;= imm. */
    LSH32_IMM(InstructionClass.ALU, AluOp.LSH, Source.K),
    /** jump if dst &gt; signed imm. */
    JSGT_IMM(InstructionClass.JMP, JumpOp.JSGT, Source.K),
    /** jump if wdst &gt; signed imm. */
    JSGT32_IMM(InstructionClass.JMP32, JumpOp.JSGT, Source.K),
    /** 64-bit dst &lt;&lt;= imm. */
    LSH64_IMM(InstructionClass.ALU64, AluOp.LSH, Source.K),
    /** dst = *(size *)(src + off). */
    LDXH(InstructionClass.LDX, Mode.MEM, Size.H),
    /** *(size *)(dst + off) = imm. */
    STH(InstructionClass.ST, Mode.MEM, Size.H),
    /** *(size *)(dst + off) = src. */
    STXH(InstructionClass.STX, Mode.MEM, Size.H),
    /** 32-bit dst &lt;&lt;= src. */
    LSH32_REG(InstructionClass.ALU, AluOp.LSH, Source.X),
    /** jump if dst &gt; signed src. */
    JSGT_REG(InstructionClass.JMP, JumpOp.JSGT, Source.X),
    /** jump if wdst &gt; signed src. */
    JSGT32_REG(InstructionClass.JMP32, JumpOp.JSGT, Source.X),
    /** 64-bit dst &lt;&lt;= src. */
    LSH64_REG(InstructionClass.ALU64, AluOp.LSH, Source.X),
    /** dst = *(size *)(src + off). */
    LDXB(InstructionClass.LDX, Mode.MEM, Size.B),
    /** *(size *)(dst + off) = imm. */
    STB(InstructionClass.ST, Mode.MEM, Size.B),
    /** *(size *)(dst + off) = src. */
    STXB(InstructionClass.STX, Mode.MEM, Size.B),
    /** 32-bit dst &gt;&gt;= imm, logical. */
    RSH32_IMM(InstructionClass.ALU, AluOp.RSH, Source.K),
    /** jump if dst &gt;= signed imm. */
    JSGE_IMM(InstructionClass.JMP, JumpOp.JSGE, Source.K),
    /** jump if wdst &gt;= signed imm. */
    JSGE32_IMM(InstructionClass.JMP32, JumpOp.JSGE, Source.K),
    /** 64-bit dst &gt;&gt;= imm, logical. */
    RSH64_IMM(InstructionClass.ALU64, AluOp.RSH, Source.K),
    /** dst = *(size *)(src + off). */
    LDXDW(InstructionClass.LDX, Mode.MEM, Size.DW),
    /** *(size *)(dst + off) = imm. */
    STDW(InstructionClass.ST, Mode.MEM, Size.DW),
    /** *(size *)(dst + off) = src. */
    STXDW(InstructionClass.STX, Mode.MEM, Size.DW),
    /** 32-bit dst &gt;&gt;= src, logical. */
    RSH32_REG(InstructionClass.ALU, AluOp.RSH, Source.X),
    /** jump if dst &gt;= signed src. */
    JSGE_REG(InstructionClass.JMP, JumpOp.JSGE, Source.X),
    /** jump if wdst &gt;= signed src. */
    JSGE32_REG(InstructionClass.JMP32, JumpOp.JSGE, Source.X),
    /** 64-bit dst &gt;&gt;= src, logical. */
    RSH64_REG(InstructionClass.ALU64, AluOp.RSH, Source.X),
    /** dst = sign-extending *(size *)(src + off) (v4). */
    LDXSW(InstructionClass.LDX, Mode.MEMSX, Size.W),
    /** 32-bit dst = -dst. */
    NEG32(InstructionClass.ALU, AluOp.NEG, Source.K),
    /** call a helper, a local function or a kfunc. */
    CALL(InstructionClass.JMP, JumpOp.CALL, Source.K),
    /** 64-bit dst = -dst. */
    NEG64(InstructionClass.ALU64, AluOp.NEG, Source.K),
    /** dst = sign-extending *(size *)(src + off) (v4). */
    LDXSH(InstructionClass.LDX, Mode.MEMSX, Size.H),
    /** call the helper or function a register holds. */
    CALLX(InstructionClass.JMP, JumpOp.CALL, Source.X),
    /** dst = sign-extending *(size *)(src + off) (v4). */
    LDXSB(InstructionClass.LDX, Mode.MEMSX, Size.B),
    /** 32-bit dst %= imm (smod when off is 1). */
    MOD32_IMM(InstructionClass.ALU, AluOp.MOD, Source.K),
    /** return r0. */
    EXIT(InstructionClass.JMP, JumpOp.EXIT, Source.K),
    /** 64-bit dst %= imm (smod when off is 1). */
    MOD64_IMM(InstructionClass.ALU64, AluOp.MOD, Source.K),
    /** 32-bit dst %= src (smod when off is 1). */
    MOD32_REG(InstructionClass.ALU, AluOp.MOD, Source.X),
    /** 64-bit dst %= src (smod when off is 1). */
    MOD64_REG(InstructionClass.ALU64, AluOp.MOD, Source.X),
    /** 32-bit dst ^= imm. */
    XOR32_IMM(InstructionClass.ALU, AluOp.XOR, Source.K),
    /** jump if dst &lt; unsigned imm. */
    JLT_IMM(InstructionClass.JMP, JumpOp.JLT, Source.K),
    /** jump if wdst &lt; unsigned imm. */
    JLT32_IMM(InstructionClass.JMP32, JumpOp.JLT, Source.K),
    /** 64-bit dst ^= imm. */
    XOR64_IMM(InstructionClass.ALU64, AluOp.XOR, Source.K),
    /** 32-bit dst ^= src. */
    XOR32_REG(InstructionClass.ALU, AluOp.XOR, Source.X),
    /** jump if dst &lt; unsigned src. */
    JLT_REG(InstructionClass.JMP, JumpOp.JLT, Source.X),
    /** jump if wdst &lt; unsigned src. */
    JLT32_REG(InstructionClass.JMP32, JumpOp.JLT, Source.X),
    /** 64-bit dst ^= src. */
    XOR64_REG(InstructionClass.ALU64, AluOp.XOR, Source.X),
    /** 32-bit dst = imm (movsx when off is 8, 16 or 32). */
    MOV32_IMM(InstructionClass.ALU, AluOp.MOV, Source.K),
    /** jump if dst &lt;= unsigned imm. */
    JLE_IMM(InstructionClass.JMP, JumpOp.JLE, Source.K),
    /** jump if wdst &lt;= unsigned imm. */
    JLE32_IMM(InstructionClass.JMP32, JumpOp.JLE, Source.K),
    /** 64-bit dst = imm (movsx when off is 8, 16 or 32). */
    MOV64_IMM(InstructionClass.ALU64, AluOp.MOV, Source.K),
    /** 32-bit dst = src (movsx when off is 8, 16 or 32). */
    MOV32_REG(InstructionClass.ALU, AluOp.MOV, Source.X),
    /** jump if dst &lt;= unsigned src. */
    JLE_REG(InstructionClass.JMP, JumpOp.JLE, Source.X),
    /** jump if wdst &lt;= unsigned src. */
    JLE32_REG(InstructionClass.JMP32, JumpOp.JLE, Source.X),
    /** 64-bit dst = src (movsx when off is 8, 16 or 32). */
    MOV64_REG(InstructionClass.ALU64, AluOp.MOV, Source.X),
    /** 32-bit atomic operation selected by imm. */
    ATOMIC_W(InstructionClass.STX, Mode.ATOMIC, Size.W),
    /** 32-bit dst &gt;&gt;= imm, arithmetic. */
    ARSH32_IMM(InstructionClass.ALU, AluOp.ARSH, Source.K),
    /** jump if dst &lt; signed imm. */
    JSLT_IMM(InstructionClass.JMP, JumpOp.JSLT, Source.K),
    /** jump if wdst &lt; signed imm. */
    JSLT32_IMM(InstructionClass.JMP32, JumpOp.JSLT, Source.K),
    /** 64-bit dst &gt;&gt;= imm, arithmetic. */
    ARSH64_IMM(InstructionClass.ALU64, AluOp.ARSH, Source.K),
    /** 16-bit load-acquire or store-release. */
    ATOMIC_H(InstructionClass.STX, Mode.ATOMIC, Size.H),
    /** 32-bit dst &gt;&gt;= src, arithmetic. */
    ARSH32_REG(InstructionClass.ALU, AluOp.ARSH, Source.X),
    /** jump if dst &lt; signed src. */
    JSLT_REG(InstructionClass.JMP, JumpOp.JSLT, Source.X),
    /** jump if wdst &lt; signed src. */
    JSLT32_REG(InstructionClass.JMP32, JumpOp.JSLT, Source.X),
    /** 64-bit dst &gt;&gt;= src, arithmetic. */
    ARSH64_REG(InstructionClass.ALU64, AluOp.ARSH, Source.X),
    /** 8-bit load-acquire or store-release. */
    ATOMIC_B(InstructionClass.STX, Mode.ATOMIC, Size.B),
    /** convert dst to little endian, imm bits wide. */
    END_LE(InstructionClass.ALU, AluOp.END, Source.K),
    /** jump if dst &lt;= signed imm. */
    JSLE_IMM(InstructionClass.JMP, JumpOp.JSLE, Source.K),
    /** jump if wdst &lt;= signed imm. */
    JSLE32_IMM(InstructionClass.JMP32, JumpOp.JSLE, Source.K),
    /** swap the low imm bits of dst unconditionally (v4). */
    BSWAP(InstructionClass.ALU64, AluOp.END, Source.K),
    /** 64-bit atomic operation selected by imm. */
    ATOMIC_DW(InstructionClass.STX, Mode.ATOMIC, Size.DW),
    /** convert dst to big endian, imm bits wide. */
    END_BE(InstructionClass.ALU, AluOp.END, Source.X),
    /** jump if dst &lt;= signed src. */
    JSLE_REG(InstructionClass.JMP, JumpOp.JSLE, Source.X),
    /** jump if wdst &lt;= signed src. */
    JSLE32_REG(InstructionClass.JMP32, JumpOp.JSLE, Source.X),
    /** may_goto off: jump by off once the frame's loop budget is spent (v4, src 0 = BPF_MAY_GOTO). */
    MAY_GOTO(InstructionClass.JMP, JumpOp.JCOND, Source.K);

    private static final Opcode[] TABLE = new Opcode[256];

    static {
        for (Opcode op : values()) {
            TABLE[op.code] = op;
        }
    }

    private final int code;

    /** An ALU or ALU64 opcode. */
    Opcode(InstructionClass cls, AluOp op, Source source) {
        this.code = cls.code() | op.code() | source.code();
    }

    /** A JMP or JMP32 opcode. */
    Opcode(InstructionClass cls, JumpOp op, Source source) {
        this.code = cls.code() | op.code() | source.code();
    }

    /** A load or store opcode (classes LD, LDX, ST, STX). */
    Opcode(InstructionClass cls, Mode mode, Size size) {
        this.code = cls.code() | mode.code() | size.code();
    }

    /** The opcode byte. */
    public int code() {
        return code;
    }

    /** The instruction class of this opcode. */
    public InstructionClass instructionClass() {
        return InstructionClass.of(code);
    }

    /** True for the opcode whose instruction takes two slots ({@code lddw}). */
    public boolean isWide() {
        return this == LDDW;
    }

    /** The ALU or ALU64 opcode of an operation and operand source, or null when there is none. */
    public static Opcode of(InstructionClass cls, AluOp op, Source source) {
        return of(cls.code() | op.code() | source.code());
    }

    /** The JMP or JMP32 opcode of an operation and operand source, or null when there is none. */
    public static Opcode of(InstructionClass cls, JumpOp op, Source source) {
        return of(cls.code() | op.code() | source.code());
    }

    /** The load or store opcode of a class, mode and size, or null when there is none. */
    public static Opcode of(InstructionClass cls, Mode mode, Size size) {
        return of(cls.code() | mode.code() | size.code());
    }

    /** The opcode for a byte, or null when no instruction uses that byte. */
    public static Opcode of(int code) {
        return TABLE[code & 0xff];
    }
}
