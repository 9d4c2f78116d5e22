package org.ebpftest.runtime.isa;

import java.util.ArrayList;
import java.util.List;

/**
 * What an instruction does: its {@link Opcode} refined by the field that some opcodes read further
 * (signed division and modulo and sign-extending moves by the offset, byte-swap widths and atomic
 * operations by the immediate, call kinds by the source register). This is the extended opcode of
 * the instruction set, the one model of it the rest of the runtime builds on: the interpreter's
 * dispatch numbers are these constants' ordinals, and a compiler would switch on the same values.
 * Constants are grouped by the opcode byte they refine, in opcode order.
 */
public enum Operation {
    /** 32-bit dst += imm. */
    ADD32_IMM(Opcode.ADD32_IMM),
    /** jump by off. */
    JA(Opcode.JA),
    /** jump by imm (gotol, v4). */
    JA32(Opcode.JA32),
    /** 64-bit dst += imm. */
    ADD64_IMM(Opcode.ADD64_IMM),
    /** 32-bit dst += src. */
    ADD32_REG(Opcode.ADD32_REG),
    /** 64-bit dst += src. */
    ADD64_REG(Opcode.ADD64_REG),
    /** 32-bit dst -= imm. */
    SUB32_IMM(Opcode.SUB32_IMM),
    /** jump if dst == imm. */
    JEQ_IMM(Opcode.JEQ_IMM),
    /** jump if wdst == imm. */
    JEQ32_IMM(Opcode.JEQ32_IMM),
    /** 64-bit dst -= imm. */
    SUB64_IMM(Opcode.SUB64_IMM),
    /** dst = the 64-bit constant or resolved pseudo load of this slot, two slots. */
    LDDW(Opcode.LDDW),
    /** 32-bit dst -= src. */
    SUB32_REG(Opcode.SUB32_REG),
    /** jump if dst == src. */
    JEQ_REG(Opcode.JEQ_REG),
    /** jump if wdst == src. */
    JEQ32_REG(Opcode.JEQ32_REG),
    /** 64-bit dst -= src. */
    SUB64_REG(Opcode.SUB64_REG),
    /** r0 = legacy packet load of skb[imm], network order. */
    LDABSW(Opcode.LDABSW),
    /** 32-bit dst *= imm. */
    MUL32_IMM(Opcode.MUL32_IMM),
    /** jump if dst &gt; unsigned imm. */
    JGT_IMM(Opcode.JGT_IMM),
    /** jump if wdst &gt; unsigned imm. */
    JGT32_IMM(Opcode.JGT32_IMM),
    /** 64-bit dst *= imm. */
    MUL64_IMM(Opcode.MUL64_IMM),
    /** r0 = legacy packet load of skb[imm], network order. */
    LDABSH(Opcode.LDABSH),
    /** 32-bit dst *= src. */
    MUL32_REG(Opcode.MUL32_REG),
    /** jump if dst &gt; unsigned src. */
    JGT_REG(Opcode.JGT_REG),
    /** jump if wdst &gt; unsigned src. */
    JGT32_REG(Opcode.JGT32_REG),
    /** 64-bit dst *= src. */
    MUL64_REG(Opcode.MUL64_REG),
    /** r0 = legacy packet load of skb[imm], network order. */
    LDABSB(Opcode.LDABSB),
    /** 32-bit unsigned division (by zero gives 0). */
    DIV32_IMM(Opcode.DIV32_IMM, Field.OFFSET, 0),
    /** 32-bit signed division (offset 1). */
    SDIV32_IMM(Opcode.DIV32_IMM, Field.OFFSET, 1),
    /** jump if dst &gt;= unsigned imm. */
    JGE_IMM(Opcode.JGE_IMM),
    /** jump if wdst &gt;= unsigned imm. */
    JGE32_IMM(Opcode.JGE32_IMM),
    /** 64-bit unsigned division (by zero gives 0). */
    DIV64_IMM(Opcode.DIV64_IMM, Field.OFFSET, 0),
    /** 64-bit signed division (offset 1). */
    SDIV64_IMM(Opcode.DIV64_IMM, Field.OFFSET, 1),
    /** 32-bit unsigned division (by zero gives 0). */
    DIV32_REG(Opcode.DIV32_REG, Field.OFFSET, 0),
    /** 32-bit signed division (offset 1). */
    SDIV32_REG(Opcode.DIV32_REG, Field.OFFSET, 1),
    /** jump if dst &gt;= unsigned src. */
    JGE_REG(Opcode.JGE_REG),
    /** jump if wdst &gt;= unsigned src. */
    JGE32_REG(Opcode.JGE32_REG),
    /** 64-bit unsigned division (by zero gives 0). */
    DIV64_REG(Opcode.DIV64_REG, Field.OFFSET, 0),
    /** 64-bit signed division (offset 1). */
    SDIV64_REG(Opcode.DIV64_REG, Field.OFFSET, 1),
    /** r0 = legacy packet load of skb[src + imm], network order. */
    LDINDW(Opcode.LDINDW),
    /** 32-bit dst |= imm. */
    OR32_IMM(Opcode.OR32_IMM),
    /** jump if dst &amp; imm != 0. */
    JSET_IMM(Opcode.JSET_IMM),
    /** jump if wdst &amp; imm != 0. */
    JSET32_IMM(Opcode.JSET32_IMM),
    /** 64-bit dst |= imm. */
    OR64_IMM(Opcode.OR64_IMM),
    /** r0 = legacy packet load of skb[src + imm], network order. */
    LDINDH(Opcode.LDINDH),
    /** 32-bit dst |= src. */
    OR32_REG(Opcode.OR32_REG),
    /** jump if dst &amp; src != 0. */
    JSET_REG(Opcode.JSET_REG),
    /** jump if wdst &amp; src != 0. */
    JSET32_REG(Opcode.JSET32_REG),
    /** 64-bit dst |= src. */
    OR64_REG(Opcode.OR64_REG),
    /** r0 = legacy packet load of skb[src + imm], network order. */
    LDINDB(Opcode.LDINDB),
    /** 32-bit dst &amp;= imm. */
    AND32_IMM(Opcode.AND32_IMM),
    /** jump if dst != imm. */
    JNE_IMM(Opcode.JNE_IMM),
    /** jump if wdst != imm. */
    JNE32_IMM(Opcode.JNE32_IMM),
    /** 64-bit dst &amp;= imm. */
    AND64_IMM(Opcode.AND64_IMM),
    /** 32-bit dst &amp;= src. */
    AND32_REG(Opcode.AND32_REG),
    /** jump if dst != src. */
    JNE_REG(Opcode.JNE_REG),
    /** jump if wdst != src. */
    JNE32_REG(Opcode.JNE32_REG),
    /** 64-bit dst &amp;= src. */
    AND64_REG(Opcode.AND64_REG),
    /** dst = *(size *)(src + off). */
    LDXW(Opcode.LDXW),
    /** *(size *)(dst + off) = imm. */
    STW(Opcode.STW),
    /** *(size *)(dst + off) = src. */
    STXW(Opcode.STXW),
    /** 32-bit dst &lt;&lt;= imm. */
    LSH32_IMM(Opcode.LSH32_IMM),
    /** jump if dst &gt; signed imm. */
    JSGT_IMM(Opcode.JSGT_IMM),
    /** jump if wdst &gt; signed imm. */
    JSGT32_IMM(Opcode.JSGT32_IMM),
    /** 64-bit dst &lt;&lt;= imm. */
    LSH64_IMM(Opcode.LSH64_IMM),
    /** dst = *(size *)(src + off). */
    LDXH(Opcode.LDXH),
    /** *(size *)(dst + off) = imm. */
    STH(Opcode.STH),
    /** *(size *)(dst + off) = src. */
    STXH(Opcode.STXH),
    /** 32-bit dst &lt;&lt;= src. */
    LSH32_REG(Opcode.LSH32_REG),
    /** jump if dst &gt; signed src. */
    JSGT_REG(Opcode.JSGT_REG),
    /** jump if wdst &gt; signed src. */
    JSGT32_REG(Opcode.JSGT32_REG),
    /** 64-bit dst &lt;&lt;= src. */
    LSH64_REG(Opcode.LSH64_REG),
    /** dst = *(size *)(src + off). */
    LDXB(Opcode.LDXB),
    /** *(size *)(dst + off) = imm. */
    STB(Opcode.STB),
    /** *(size *)(dst + off) = src. */
    STXB(Opcode.STXB),
    /** 32-bit dst &gt;&gt;= imm, logical. */
    RSH32_IMM(Opcode.RSH32_IMM),
    /** jump if dst &gt;= signed imm. */
    JSGE_IMM(Opcode.JSGE_IMM),
    /** jump if wdst &gt;= signed imm. */
    JSGE32_IMM(Opcode.JSGE32_IMM),
    /** 64-bit dst &gt;&gt;= imm, logical. */
    RSH64_IMM(Opcode.RSH64_IMM),
    /** dst = *(size *)(src + off). */
    LDXDW(Opcode.LDXDW),
    /** *(size *)(dst + off) = imm. */
    STDW(Opcode.STDW),
    /** *(size *)(dst + off) = src. */
    STXDW(Opcode.STXDW),
    /** 32-bit dst &gt;&gt;= src, logical. */
    RSH32_REG(Opcode.RSH32_REG),
    /** jump if dst &gt;= signed src. */
    JSGE_REG(Opcode.JSGE_REG),
    /** jump if wdst &gt;= signed src. */
    JSGE32_REG(Opcode.JSGE32_REG),
    /** 64-bit dst &gt;&gt;= src, logical. */
    RSH64_REG(Opcode.RSH64_REG),
    /** dst = sign-extending *(size *)(src + off) (v4). */
    LDXSW(Opcode.LDXSW),
    /** 32-bit dst = -dst. */
    NEG32(Opcode.NEG32),
    /** call the helper numbered imm. */
    CALL_HELPER(Opcode.CALL, CallKind.HELPER),
    /** call the local function at pc + 1 + imm. */
    CALL_LOCAL(Opcode.CALL, CallKind.LOCAL),
    /** call the kernel function with BTF id imm. */
    CALL_KFUNC(Opcode.CALL, CallKind.KFUNC),
    /** 64-bit dst = -dst. */
    NEG64(Opcode.NEG64),
    /** dst = sign-extending *(size *)(src + off) (v4). */
    LDXSH(Opcode.LDXSH),
    /** call the helper or function a register holds. */
    CALLX(Opcode.CALLX),
    /** dst = sign-extending *(size *)(src + off) (v4). */
    LDXSB(Opcode.LDXSB),
    /** 32-bit unsigned modulo (by zero keeps dst). */
    MOD32_IMM(Opcode.MOD32_IMM, Field.OFFSET, 0),
    /** 32-bit signed modulo (offset 1). */
    SMOD32_IMM(Opcode.MOD32_IMM, Field.OFFSET, 1),
    /** return r0. */
    EXIT(Opcode.EXIT),
    /** 64-bit unsigned modulo (by zero keeps dst). */
    MOD64_IMM(Opcode.MOD64_IMM, Field.OFFSET, 0),
    /** 64-bit signed modulo (offset 1). */
    SMOD64_IMM(Opcode.MOD64_IMM, Field.OFFSET, 1),
    /** 32-bit unsigned modulo (by zero keeps dst). */
    MOD32_REG(Opcode.MOD32_REG, Field.OFFSET, 0),
    /** 32-bit signed modulo (offset 1). */
    SMOD32_REG(Opcode.MOD32_REG, Field.OFFSET, 1),
    /** 64-bit unsigned modulo (by zero keeps dst). */
    MOD64_REG(Opcode.MOD64_REG, Field.OFFSET, 0),
    /** 64-bit signed modulo (offset 1). */
    SMOD64_REG(Opcode.MOD64_REG, Field.OFFSET, 1),
    /** 32-bit dst ^= imm. */
    XOR32_IMM(Opcode.XOR32_IMM),
    /** jump if dst &lt; unsigned imm. */
    JLT_IMM(Opcode.JLT_IMM),
    /** jump if wdst &lt; unsigned imm. */
    JLT32_IMM(Opcode.JLT32_IMM),
    /** 64-bit dst ^= imm. */
    XOR64_IMM(Opcode.XOR64_IMM),
    /** 32-bit dst ^= src. */
    XOR32_REG(Opcode.XOR32_REG),
    /** jump if dst &lt; unsigned src. */
    JLT_REG(Opcode.JLT_REG),
    /** jump if wdst &lt; unsigned src. */
    JLT32_REG(Opcode.JLT32_REG),
    /** 64-bit dst ^= src. */
    XOR64_REG(Opcode.XOR64_REG),
    /** 32-bit dst = imm (movsx when off is 8, 16 or 32). */
    MOV32_IMM(Opcode.MOV32_IMM),
    /** jump if dst &lt;= unsigned imm. */
    JLE_IMM(Opcode.JLE_IMM),
    /** jump if wdst &lt;= unsigned imm. */
    JLE32_IMM(Opcode.JLE32_IMM),
    /** 64-bit dst = imm (movsx when off is 8, 16 or 32). */
    MOV64_IMM(Opcode.MOV64_IMM),
    /** 32-bit dst = src. */
    MOV32_REG(Opcode.MOV32_REG, Field.OFFSET, 0),
    /** 32-bit dst = (s8) src. */
    MOVSX32_8(Opcode.MOV32_REG, Field.OFFSET, 8),
    /** 32-bit dst = (s16) src. */
    MOVSX32_16(Opcode.MOV32_REG, Field.OFFSET, 16),
    /** jump if dst &lt;= unsigned src. */
    JLE_REG(Opcode.JLE_REG),
    /** jump if wdst &lt;= unsigned src. */
    JLE32_REG(Opcode.JLE32_REG),
    /** 64-bit dst = src. */
    MOV64_REG(Opcode.MOV64_REG, Field.OFFSET, 0),
    /** 64-bit dst = (s8) src. */
    MOVSX64_8(Opcode.MOV64_REG, Field.OFFSET, 8),
    /** 64-bit dst = (s16) src. */
    MOVSX64_16(Opcode.MOV64_REG, Field.OFFSET, 16),
    /** 64-bit dst = (s32) src. */
    MOVSX64_32(Opcode.MOV64_REG, Field.OFFSET, 32),
    /** *(u32 *)(dst + off) += src. */
    ATOMIC32_ADD(Opcode.ATOMIC_W, AtomicOp.ADD),
    /** *(u32 *)(dst + off) |= src. */
    ATOMIC32_OR(Opcode.ATOMIC_W, AtomicOp.OR),
    /** *(u32 *)(dst + off) &amp;= src. */
    ATOMIC32_AND(Opcode.ATOMIC_W, AtomicOp.AND),
    /** *(u32 *)(dst + off) ^= src. */
    ATOMIC32_XOR(Opcode.ATOMIC_W, AtomicOp.XOR),
    /** src = fetch-and-add of the u32 at dst + off. */
    ATOMIC32_FETCH_ADD(Opcode.ATOMIC_W, AtomicOp.FETCH_ADD),
    /** src = fetch-and-or of the u32 at dst + off. */
    ATOMIC32_FETCH_OR(Opcode.ATOMIC_W, AtomicOp.FETCH_OR),
    /** src = fetch-and-and of the u32 at dst + off. */
    ATOMIC32_FETCH_AND(Opcode.ATOMIC_W, AtomicOp.FETCH_AND),
    /** src = fetch-and-xor of the u32 at dst + off. */
    ATOMIC32_FETCH_XOR(Opcode.ATOMIC_W, AtomicOp.FETCH_XOR),
    /** src = exchange of the u32 at dst + off with src. */
    ATOMIC32_XCHG(Opcode.ATOMIC_W, AtomicOp.XCHG),
    /** r0 = compare-and-exchange of the u32 at dst + off: src stored if it held r0. */
    ATOMIC32_CMPXCHG(Opcode.ATOMIC_W, AtomicOp.CMPXCHG),
    /** dst = load-acquire of the u32 at src + off. */
    ATOMIC32_LOAD_ACQ(Opcode.ATOMIC_W, AtomicOp.LOAD_ACQUIRE),
    /** store-release of src to the u32 at dst + off. */
    ATOMIC32_STORE_REL(Opcode.ATOMIC_W, AtomicOp.STORE_RELEASE),
    /** 32-bit dst &gt;&gt;= imm, arithmetic. */
    ARSH32_IMM(Opcode.ARSH32_IMM),
    /** jump if dst &lt; signed imm. */
    JSLT_IMM(Opcode.JSLT_IMM),
    /** jump if wdst &lt; signed imm. */
    JSLT32_IMM(Opcode.JSLT32_IMM),
    /** 64-bit dst &gt;&gt;= imm, arithmetic. */
    ARSH64_IMM(Opcode.ARSH64_IMM),
    /** dst = load-acquire of the u16 at src + off. */
    ATOMIC16_LOAD_ACQ(Opcode.ATOMIC_H, AtomicOp.LOAD_ACQUIRE),
    /** store-release of src to the u16 at dst + off. */
    ATOMIC16_STORE_REL(Opcode.ATOMIC_H, AtomicOp.STORE_RELEASE),
    /** 32-bit dst &gt;&gt;= src, arithmetic. */
    ARSH32_REG(Opcode.ARSH32_REG),
    /** jump if dst &lt; signed src. */
    JSLT_REG(Opcode.JSLT_REG),
    /** jump if wdst &lt; signed src. */
    JSLT32_REG(Opcode.JSLT32_REG),
    /** 64-bit dst &gt;&gt;= src, arithmetic. */
    ARSH64_REG(Opcode.ARSH64_REG),
    /** dst = load-acquire of the u8 at src + off. */
    ATOMIC8_LOAD_ACQ(Opcode.ATOMIC_B, AtomicOp.LOAD_ACQUIRE),
    /** store-release of src to the u8 at dst + off. */
    ATOMIC8_STORE_REL(Opcode.ATOMIC_B, AtomicOp.STORE_RELEASE),
    /** dst = htole16(dst): the low 16 bits, zero-extended. */
    LE16(Opcode.END_LE, Field.IMM, 16),
    /** dst = htole32(dst): the low 32 bits, zero-extended. */
    LE32(Opcode.END_LE, Field.IMM, 32),
    /** dst = htole64(dst): the low 64 bits, zero-extended. */
    LE64(Opcode.END_LE, Field.IMM, 64),
    /** jump if dst &lt;= signed imm. */
    JSLE_IMM(Opcode.JSLE_IMM),
    /** jump if wdst &lt;= signed imm. */
    JSLE32_IMM(Opcode.JSLE32_IMM),
    /** dst = bswap16(dst) (v4). */
    BSWAP16(Opcode.BSWAP, Field.IMM, 16),
    /** dst = bswap32(dst) (v4). */
    BSWAP32(Opcode.BSWAP, Field.IMM, 32),
    /** dst = bswap64(dst) (v4). */
    BSWAP64(Opcode.BSWAP, Field.IMM, 64),
    /** *(u64 *)(dst + off) += src. */
    ATOMIC64_ADD(Opcode.ATOMIC_DW, AtomicOp.ADD),
    /** *(u64 *)(dst + off) |= src. */
    ATOMIC64_OR(Opcode.ATOMIC_DW, AtomicOp.OR),
    /** *(u64 *)(dst + off) &amp;= src. */
    ATOMIC64_AND(Opcode.ATOMIC_DW, AtomicOp.AND),
    /** *(u64 *)(dst + off) ^= src. */
    ATOMIC64_XOR(Opcode.ATOMIC_DW, AtomicOp.XOR),
    /** src = fetch-and-add of the u64 at dst + off. */
    ATOMIC64_FETCH_ADD(Opcode.ATOMIC_DW, AtomicOp.FETCH_ADD),
    /** src = fetch-and-or of the u64 at dst + off. */
    ATOMIC64_FETCH_OR(Opcode.ATOMIC_DW, AtomicOp.FETCH_OR),
    /** src = fetch-and-and of the u64 at dst + off. */
    ATOMIC64_FETCH_AND(Opcode.ATOMIC_DW, AtomicOp.FETCH_AND),
    /** src = fetch-and-xor of the u64 at dst + off. */
    ATOMIC64_FETCH_XOR(Opcode.ATOMIC_DW, AtomicOp.FETCH_XOR),
    /** src = exchange of the u64 at dst + off with src. */
    ATOMIC64_XCHG(Opcode.ATOMIC_DW, AtomicOp.XCHG),
    /** r0 = compare-and-exchange of the u64 at dst + off: src stored if it held r0. */
    ATOMIC64_CMPXCHG(Opcode.ATOMIC_DW, AtomicOp.CMPXCHG),
    /** dst = load-acquire of the u64 at src + off. */
    ATOMIC64_LOAD_ACQ(Opcode.ATOMIC_DW, AtomicOp.LOAD_ACQUIRE),
    /** store-release of src to the u64 at dst + off. */
    ATOMIC64_STORE_REL(Opcode.ATOMIC_DW, AtomicOp.STORE_RELEASE),
    /** dst = htobe16(dst): the low 16 bits byte-swapped, zero-extended. */
    BE16(Opcode.END_BE, Field.IMM, 16),
    /** dst = htobe32(dst): the low 32 bits byte-swapped, zero-extended. */
    BE32(Opcode.END_BE, Field.IMM, 32),
    /** dst = htobe64(dst): the low 64 bits byte-swapped, zero-extended. */
    BE64(Opcode.END_BE, Field.IMM, 64),
    /** jump if dst &lt;= signed src. */
    JSLE_REG(Opcode.JSLE_REG),
    /** jump if wdst &lt;= signed src. */
    JSLE32_REG(Opcode.JSLE32_REG),
    /** may_goto: jump by off once the frame's loop budget (BPF_MAX_LOOPS) is spent, else spend one. */
    MAY_GOTO(Opcode.MAY_GOTO, Field.SRC, 0),
    /**
     * dst = addr_space_cast(src, dst_as, src_as) (off {@code BPF_ADDR_SPACE_CAST}): imm 1 casts an
     * arena pointer to the kernel's address space, imm 0x10000 casts back (Linux 6.9+, arena maps).
     */
    ADDR_SPACE_CAST(Opcode.MOV64_REG, Field.OFFSET, 1);

    /** The field of an instruction that selects among the operations of one opcode. */
    private enum Field {
        /** The opcode alone decides. */
        NONE,
        /** The 16-bit offset (signed division and modulo, sign-extending moves). */
        OFFSET,
        /** The 32-bit immediate (byte-swap widths, atomic operations). */
        IMM,
        /** The source-register field (call kinds). */
        SRC
    }

    private static final List<List<Operation>> BY_OPCODE = new ArrayList<>();

    static {
        for (int i = 0; i < 256; i++) {
            BY_OPCODE.add(new ArrayList<>());
        }
        for (Operation op : values()) {
            BY_OPCODE.get(op.opcode.code()).add(op);
        }
    }

    private final Opcode opcode;
    private final Field field;
    private final int value;
    private final AtomicOp atomicOp;

    Operation(Opcode opcode) {
        this(opcode, Field.NONE, 0, null);
    }

    Operation(Opcode opcode, Field field, int value) {
        this(opcode, field, value, null);
    }

    Operation(Opcode opcode, AtomicOp atomicOp) {
        this(opcode, Field.IMM, atomicOp.code(), atomicOp);
    }

    Operation(Opcode opcode, CallKind kind) {
        this(opcode, Field.SRC, kind.code(), null);
    }

    Operation(Opcode opcode, Field field, int value, AtomicOp atomicOp) {
        this.opcode = opcode;
        this.field = field;
        this.value = value;
        this.atomicOp = atomicOp;
    }

    /** The opcode byte this operation refines (or is). */
    public Opcode opcode() {
        return opcode;
    }

    /** The atomic operation, or null when this is not an atomic instruction. */
    public AtomicOp atomicOp() {
        return atomicOp;
    }

    /**
     * The operation an instruction performs, or null when its opcode is unknown or the refining
     * field holds a value the instruction set does not define (say, an offset of 2 on a division).
     * Other reserved fields are not checked here; that is the verifier's business.
     */
    public static Operation of(Instruction insn) {
        for (Operation op : BY_OPCODE.get(insn.opcode())) {
            int actual = switch (op.field) {
                case NONE -> 0;
                case OFFSET -> insn.offset();
                case IMM -> insn.imm();
                case SRC -> insn.src();
            };
            if (actual == op.value) {
                return op;
            }
        }
        return null;
    }
}
