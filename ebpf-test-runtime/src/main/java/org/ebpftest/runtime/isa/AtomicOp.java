package org.ebpftest.runtime.isa;

/** The operation of an atomic instruction, held in its immediate. */
public enum AtomicOp {
    /** *addr += src */
    ADD(0x00, "+=", false),
    /** *addr |= src */
    OR(0x40, "|=", false),
    /** *addr &amp;= src */
    AND(0x50, "&=", false),
    /** *addr ^= src */
    XOR(0xa0, "^=", false),
    /** src = fetch and add */
    FETCH_ADD(0x01, "add", true),
    /** src = fetch and or */
    FETCH_OR(0x41, "or", true),
    /** src = fetch and and */
    FETCH_AND(0x51, "and", true),
    /** src = fetch and xor */
    FETCH_XOR(0xa1, "xor", true),
    /** Exchange src with memory. */
    XCHG(0xe1, "xchg", true),
    /** Compare memory with r0 and, if equal, store src; r0 gets the old value. */
    CMPXCHG(0xf1, "cmpxchg", true),
    /** dst = load with acquire ordering (Linux 6.15). */
    LOAD_ACQUIRE(0x100, "load_acquire", true),
    /** Store src with release ordering (Linux 6.15). */
    STORE_RELEASE(0x110, "store_release", false);

    private static final FieldTable<AtomicOp> FIELD = new FieldTable<>(values(), AtomicOp::code, 0x1f1);

    private final int code;
    private final String symbol;
    private final boolean fetches;

    AtomicOp(int code, String symbol, boolean fetches) {
        this.code = code;
        this.symbol = symbol;
        this.fetches = fetches;
    }

    /** The immediate that selects this operation. */
    public int code() {
        return code;
    }

    /** The operator or function name the disassembler prints. */
    public String symbol() {
        return symbol;
    }

    /** True when the operation writes a register (the old value, or the loaded one). */
    public boolean fetches() {
        return fetches;
    }

    /** The operation an immediate selects, or null if it selects none. */
    public static AtomicOp of(int imm) {
        // The operations sit in bits 4-8 of the immediate, with BPF_FETCH (bit 0) beside them.
        return (imm & ~0x1f1) == 0 ? FIELD.of(imm) : null;
    }
}
