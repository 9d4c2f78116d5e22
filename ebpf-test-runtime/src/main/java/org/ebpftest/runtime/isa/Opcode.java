package org.ebpftest.runtime.isa;

/**
 * Every opcode byte the eBPF instruction set defines (RFC 9669 and Linux), decoded through a
 * 256-entry table. Some opcodes are refined by other fields: signed division and modulo and
 * sign-extending moves by the offset, byte swaps by the immediate, atomics by the immediate, calls
 * by the source register.
 */
public enum Opcode {
    /** 32-bit dst += imm. */
    ADD32_IMM(0x04),
    /** jump by off. */
    JA(0x05),
    /** jump by imm (gotol, v4). */
    JA32(0x06),
    /** 64-bit dst += imm. */
    ADD64_IMM(0x07),
    /** 32-bit dst += src. */
    ADD32_REG(0x0c),
    /** 64-bit dst += src. */
    ADD64_REG(0x0f),
    /** 32-bit dst -= imm. */
    SUB32_IMM(0x14),
    /** jump if dst == imm. */
    JEQ_IMM(0x15),
    /** jump if wdst == imm. */
    JEQ32_IMM(0x16),
    /** 64-bit dst -= imm. */
    SUB64_IMM(0x17),
    /** dst = 64-bit immediate or pseudo load, two slots. */
    LDDW(0x18),
    /** 32-bit dst -= src. */
    SUB32_REG(0x1c),
    /** jump if dst == src. */
    JEQ_REG(0x1d),
    /** jump if wdst == src. */
    JEQ32_REG(0x1e),
    /** 64-bit dst -= src. */
    SUB64_REG(0x1f),
    /** r0 = legacy packet load of skb[imm], network order. */
    LDABSW(0x20),
    /** 32-bit dst *= imm. */
    MUL32_IMM(0x24),
    /** jump if dst &gt; unsigned imm. */
    JGT_IMM(0x25),
    /** jump if wdst &gt; unsigned imm. */
    JGT32_IMM(0x26),
    /** 64-bit dst *= imm. */
    MUL64_IMM(0x27),
    /** r0 = legacy packet load of skb[imm], network order. */
    LDABSH(0x28),
    /** 32-bit dst *= src. */
    MUL32_REG(0x2c),
    /** jump if dst &gt; unsigned src. */
    JGT_REG(0x2d),
    /** jump if wdst &gt; unsigned src. */
    JGT32_REG(0x2e),
    /** 64-bit dst *= src. */
    MUL64_REG(0x2f),
    /** r0 = legacy packet load of skb[imm], network order. */
    LDABSB(0x30),
    /** 32-bit dst /= imm (sdiv when off is 1). */
    DIV32_IMM(0x34),
    /** jump if dst &gt;= unsigned imm. */
    JGE_IMM(0x35),
    /** jump if wdst &gt;= unsigned imm. */
    JGE32_IMM(0x36),
    /** 64-bit dst /= imm (sdiv when off is 1). */
    DIV64_IMM(0x37),
    /** 32-bit dst /= src (sdiv when off is 1). */
    DIV32_REG(0x3c),
    /** jump if dst &gt;= unsigned src. */
    JGE_REG(0x3d),
    /** jump if wdst &gt;= unsigned src. */
    JGE32_REG(0x3e),
    /** 64-bit dst /= src (sdiv when off is 1). */
    DIV64_REG(0x3f),
    /** r0 = legacy packet load of skb[src + imm], network order. */
    LDINDW(0x40),
    /** 32-bit dst |= imm. */
    OR32_IMM(0x44),
    /** jump if dst &amp; imm != 0. */
    JSET_IMM(0x45),
    /** jump if wdst &amp; imm != 0. */
    JSET32_IMM(0x46),
    /** 64-bit dst |= imm. */
    OR64_IMM(0x47),
    /** r0 = legacy packet load of skb[src + imm], network order. */
    LDINDH(0x48),
    /** 32-bit dst |= src. */
    OR32_REG(0x4c),
    /** jump if dst &amp; src != 0. */
    JSET_REG(0x4d),
    /** jump if wdst &amp; src != 0. */
    JSET32_REG(0x4e),
    /** 64-bit dst |= src. */
    OR64_REG(0x4f),
    /** r0 = legacy packet load of skb[src + imm], network order. */
    LDINDB(0x50),
    /** 32-bit dst &amp;= imm. */
    AND32_IMM(0x54),
    /** jump if dst != imm. */
    JNE_IMM(0x55),
    /** jump if wdst != imm. */
    JNE32_IMM(0x56),
    /** 64-bit dst &amp;= imm. */
    AND64_IMM(0x57),
    /** 32-bit dst &amp;= src. */
    AND32_REG(0x5c),
    /** jump if dst != src. */
    JNE_REG(0x5d),
    /** jump if wdst != src. */
    JNE32_REG(0x5e),
    /** 64-bit dst &amp;= src. */
    AND64_REG(0x5f),
    /** dst = *(size *)(src + off). */
    LDXW(0x61),
    /** *(size *)(dst + off) = imm. */
    STW(0x62),
    /** *(size *)(dst + off) = src. */
    STXW(0x63),
    /** 32-bit dst &lt;&lt;= imm. */
    LSH32_IMM(0x64),
    /** jump if dst &gt; signed imm. */
    JSGT_IMM(0x65),
    /** jump if wdst &gt; signed imm. */
    JSGT32_IMM(0x66),
    /** 64-bit dst &lt;&lt;= imm. */
    LSH64_IMM(0x67),
    /** dst = *(size *)(src + off). */
    LDXH(0x69),
    /** *(size *)(dst + off) = imm. */
    STH(0x6a),
    /** *(size *)(dst + off) = src. */
    STXH(0x6b),
    /** 32-bit dst &lt;&lt;= src. */
    LSH32_REG(0x6c),
    /** jump if dst &gt; signed src. */
    JSGT_REG(0x6d),
    /** jump if wdst &gt; signed src. */
    JSGT32_REG(0x6e),
    /** 64-bit dst &lt;&lt;= src. */
    LSH64_REG(0x6f),
    /** dst = *(size *)(src + off). */
    LDXB(0x71),
    /** *(size *)(dst + off) = imm. */
    STB(0x72),
    /** *(size *)(dst + off) = src. */
    STXB(0x73),
    /** 32-bit dst &gt;&gt;= imm, logical. */
    RSH32_IMM(0x74),
    /** jump if dst &gt;= signed imm. */
    JSGE_IMM(0x75),
    /** jump if wdst &gt;= signed imm. */
    JSGE32_IMM(0x76),
    /** 64-bit dst &gt;&gt;= imm, logical. */
    RSH64_IMM(0x77),
    /** dst = *(size *)(src + off). */
    LDXDW(0x79),
    /** *(size *)(dst + off) = imm. */
    STDW(0x7a),
    /** *(size *)(dst + off) = src. */
    STXDW(0x7b),
    /** 32-bit dst &gt;&gt;= src, logical. */
    RSH32_REG(0x7c),
    /** jump if dst &gt;= signed src. */
    JSGE_REG(0x7d),
    /** jump if wdst &gt;= signed src. */
    JSGE32_REG(0x7e),
    /** 64-bit dst &gt;&gt;= src, logical. */
    RSH64_REG(0x7f),
    /** dst = sign-extending *(size *)(src + off) (v4). */
    LDXSW(0x81),
    /** 32-bit dst = -dst. */
    NEG32(0x84),
    /** call a helper, a local function or a kfunc. */
    CALL(0x85),
    /** 64-bit dst = -dst. */
    NEG64(0x87),
    /** dst = sign-extending *(size *)(src + off) (v4). */
    LDXSH(0x89),
    /** call the helper or function a register holds. */
    CALLX(0x8d),
    /** dst = sign-extending *(size *)(src + off) (v4). */
    LDXSB(0x91),
    /** 32-bit dst %= imm (smod when off is 1). */
    MOD32_IMM(0x94),
    /** return r0. */
    EXIT(0x95),
    /** 64-bit dst %= imm (smod when off is 1). */
    MOD64_IMM(0x97),
    /** 32-bit dst %= src (smod when off is 1). */
    MOD32_REG(0x9c),
    /** 64-bit dst %= src (smod when off is 1). */
    MOD64_REG(0x9f),
    /** 32-bit dst ^= imm. */
    XOR32_IMM(0xa4),
    /** jump if dst &lt; unsigned imm. */
    JLT_IMM(0xa5),
    /** jump if wdst &lt; unsigned imm. */
    JLT32_IMM(0xa6),
    /** 64-bit dst ^= imm. */
    XOR64_IMM(0xa7),
    /** 32-bit dst ^= src. */
    XOR32_REG(0xac),
    /** jump if dst &lt; unsigned src. */
    JLT_REG(0xad),
    /** jump if wdst &lt; unsigned src. */
    JLT32_REG(0xae),
    /** 64-bit dst ^= src. */
    XOR64_REG(0xaf),
    /** 32-bit dst = imm (movsx when off is 8, 16 or 32). */
    MOV32_IMM(0xb4),
    /** jump if dst &lt;= unsigned imm. */
    JLE_IMM(0xb5),
    /** jump if wdst &lt;= unsigned imm. */
    JLE32_IMM(0xb6),
    /** 64-bit dst = imm (movsx when off is 8, 16 or 32). */
    MOV64_IMM(0xb7),
    /** 32-bit dst = src (movsx when off is 8, 16 or 32). */
    MOV32_REG(0xbc),
    /** jump if dst &lt;= unsigned src. */
    JLE_REG(0xbd),
    /** jump if wdst &lt;= unsigned src. */
    JLE32_REG(0xbe),
    /** 64-bit dst = src (movsx when off is 8, 16 or 32). */
    MOV64_REG(0xbf),
    /** 32-bit atomic operation selected by imm. */
    ATOMIC_W(0xc3),
    /** 32-bit dst &gt;&gt;= imm, arithmetic. */
    ARSH32_IMM(0xc4),
    /** jump if dst &lt; signed imm. */
    JSLT_IMM(0xc5),
    /** jump if wdst &lt; signed imm. */
    JSLT32_IMM(0xc6),
    /** 64-bit dst &gt;&gt;= imm, arithmetic. */
    ARSH64_IMM(0xc7),
    /** 16-bit load-acquire or store-release. */
    ATOMIC_H(0xcb),
    /** 32-bit dst &gt;&gt;= src, arithmetic. */
    ARSH32_REG(0xcc),
    /** jump if dst &lt; signed src. */
    JSLT_REG(0xcd),
    /** jump if wdst &lt; signed src. */
    JSLT32_REG(0xce),
    /** 64-bit dst &gt;&gt;= src, arithmetic. */
    ARSH64_REG(0xcf),
    /** 8-bit load-acquire or store-release. */
    ATOMIC_B(0xd3),
    /** convert dst to little endian, imm bits wide. */
    END_LE(0xd4),
    /** jump if dst &lt;= signed imm. */
    JSLE_IMM(0xd5),
    /** jump if wdst &lt;= signed imm. */
    JSLE32_IMM(0xd6),
    /** swap the low imm bits of dst unconditionally (v4). */
    BSWAP(0xd7),
    /** 64-bit atomic operation selected by imm. */
    ATOMIC_DW(0xdb),
    /** convert dst to big endian, imm bits wide. */
    END_BE(0xdc),
    /** jump if dst &lt;= signed src. */
    JSLE_REG(0xdd),
    /** jump if wdst &lt;= signed src. */
    JSLE32_REG(0xde);

    private static final Opcode[] TABLE = new Opcode[256];

    static {
        for (Opcode op : values()) {
            TABLE[op.code] = op;
        }
    }

    private final int code;

    Opcode(int code) {
        this.code = code;
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

    /** The opcode for a byte, or null when no instruction uses that byte. */
    public static Opcode of(int code) {
        return TABLE[code & 0xff];
    }
}
