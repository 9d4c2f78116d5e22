package org.ebpftest.runtime.vm;

/**
 * The internal operation numbers the interpreter dispatches on. Where an opcode byte alone decides
 * what an instruction does, its internal number is that byte; forms refined by another field (signed
 * division, sign-extending moves, each byte-swap width, each atomic operation, each call kind) get a
 * byte value that no real instruction uses. {@link ProgramDecoder} chooses them once, at load time.
 */
final class Ops {
    static final int ADD32_IMM = 0x04;
    static final int JA = 0x05;
    static final int JA32 = 0x06;
    static final int ADD64_IMM = 0x07;
    static final int ADD32_REG = 0x0c;
    static final int ADD64_REG = 0x0f;
    static final int SUB32_IMM = 0x14;
    static final int JEQ_IMM = 0x15;
    static final int JEQ32_IMM = 0x16;
    static final int SUB64_IMM = 0x17;
    static final int LDDW = 0x18;
    static final int SUB32_REG = 0x1c;
    static final int JEQ_REG = 0x1d;
    static final int JEQ32_REG = 0x1e;
    static final int SUB64_REG = 0x1f;
    static final int LDABSW = 0x20;
    static final int MUL32_IMM = 0x24;
    static final int JGT_IMM = 0x25;
    static final int JGT32_IMM = 0x26;
    static final int MUL64_IMM = 0x27;
    static final int LDABSH = 0x28;
    static final int MUL32_REG = 0x2c;
    static final int JGT_REG = 0x2d;
    static final int JGT32_REG = 0x2e;
    static final int MUL64_REG = 0x2f;
    static final int LDABSB = 0x30;
    static final int DIV32_IMM = 0x34;
    static final int JGE_IMM = 0x35;
    static final int JGE32_IMM = 0x36;
    static final int DIV64_IMM = 0x37;
    static final int DIV32_REG = 0x3c;
    static final int JGE_REG = 0x3d;
    static final int JGE32_REG = 0x3e;
    static final int DIV64_REG = 0x3f;
    static final int LDINDW = 0x40;
    static final int OR32_IMM = 0x44;
    static final int JSET_IMM = 0x45;
    static final int JSET32_IMM = 0x46;
    static final int OR64_IMM = 0x47;
    static final int LDINDH = 0x48;
    static final int OR32_REG = 0x4c;
    static final int JSET_REG = 0x4d;
    static final int JSET32_REG = 0x4e;
    static final int OR64_REG = 0x4f;
    static final int LDINDB = 0x50;
    static final int AND32_IMM = 0x54;
    static final int JNE_IMM = 0x55;
    static final int JNE32_IMM = 0x56;
    static final int AND64_IMM = 0x57;
    static final int AND32_REG = 0x5c;
    static final int JNE_REG = 0x5d;
    static final int JNE32_REG = 0x5e;
    static final int AND64_REG = 0x5f;
    static final int LDXW = 0x61;
    static final int STW = 0x62;
    static final int STXW = 0x63;
    static final int LSH32_IMM = 0x64;
    static final int JSGT_IMM = 0x65;
    static final int JSGT32_IMM = 0x66;
    static final int LSH64_IMM = 0x67;
    static final int LDXH = 0x69;
    static final int STH = 0x6a;
    static final int STXH = 0x6b;
    static final int LSH32_REG = 0x6c;
    static final int JSGT_REG = 0x6d;
    static final int JSGT32_REG = 0x6e;
    static final int LSH64_REG = 0x6f;
    static final int LDXB = 0x71;
    static final int STB = 0x72;
    static final int STXB = 0x73;
    static final int RSH32_IMM = 0x74;
    static final int JSGE_IMM = 0x75;
    static final int JSGE32_IMM = 0x76;
    static final int RSH64_IMM = 0x77;
    static final int LDXDW = 0x79;
    static final int STDW = 0x7a;
    static final int STXDW = 0x7b;
    static final int RSH32_REG = 0x7c;
    static final int JSGE_REG = 0x7d;
    static final int JSGE32_REG = 0x7e;
    static final int RSH64_REG = 0x7f;
    static final int LDXSW = 0x81;
    static final int NEG32 = 0x84;
    static final int CALL = 0x85;
    static final int NEG64 = 0x87;
    static final int LDXSH = 0x89;
    static final int CALLX = 0x8d;
    static final int LDXSB = 0x91;
    static final int MOD32_IMM = 0x94;
    static final int EXIT = 0x95;
    static final int MOD64_IMM = 0x97;
    static final int MOD32_REG = 0x9c;
    static final int MOD64_REG = 0x9f;
    static final int XOR32_IMM = 0xa4;
    static final int JLT_IMM = 0xa5;
    static final int JLT32_IMM = 0xa6;
    static final int XOR64_IMM = 0xa7;
    static final int XOR32_REG = 0xac;
    static final int JLT_REG = 0xad;
    static final int JLT32_REG = 0xae;
    static final int XOR64_REG = 0xaf;
    static final int MOV32_IMM = 0xb4;
    static final int JLE_IMM = 0xb5;
    static final int JLE32_IMM = 0xb6;
    static final int MOV64_IMM = 0xb7;
    static final int MOV32_REG = 0xbc;
    static final int JLE_REG = 0xbd;
    static final int JLE32_REG = 0xbe;
    static final int MOV64_REG = 0xbf;
    static final int ATOMIC_W = 0xc3;
    static final int ARSH32_IMM = 0xc4;
    static final int JSLT_IMM = 0xc5;
    static final int JSLT32_IMM = 0xc6;
    static final int ARSH64_IMM = 0xc7;
    static final int ATOMIC_H = 0xcb;
    static final int ARSH32_REG = 0xcc;
    static final int JSLT_REG = 0xcd;
    static final int JSLT32_REG = 0xce;
    static final int ARSH64_REG = 0xcf;
    static final int ATOMIC_B = 0xd3;
    static final int END_LE = 0xd4;
    static final int JSLE_IMM = 0xd5;
    static final int JSLE32_IMM = 0xd6;
    static final int BSWAP = 0xd7;
    static final int ATOMIC_DW = 0xdb;
    static final int END_BE = 0xdc;
    static final int JSLE_REG = 0xdd;
    static final int JSLE32_REG = 0xde;

    /** signed form of DIV32_IMM (offset 1). */
    static final int SDIV32_IMM = 0x00;
    /** signed form of DIV32_REG (offset 1). */
    static final int SDIV32_REG = 0x01;
    /** signed form of DIV64_IMM (offset 1). */
    static final int SDIV64_IMM = 0x02;
    /** signed form of DIV64_REG (offset 1). */
    static final int SDIV64_REG = 0x03;
    /** signed form of MOD32_IMM (offset 1). */
    static final int SMOD32_IMM = 0x08;
    /** signed form of MOD32_REG (offset 1). */
    static final int SMOD32_REG = 0x09;
    /** signed form of MOD64_IMM (offset 1). */
    static final int SMOD64_IMM = 0x0a;
    /** signed form of MOD64_REG (offset 1). */
    static final int SMOD64_REG = 0x0b;
    /** w = (s8)w. */
    static final int MOVSX32_8 = 0x0d;
    /** w = (s16)w. */
    static final int MOVSX32_16 = 0x0e;
    /** r = (s8)r. */
    static final int MOVSX64_8 = 0x10;
    /** r = (s16)r. */
    static final int MOVSX64_16 = 0x11;
    /** r = (s32)r. */
    static final int MOVSX64_32 = 0x12;
    /** to little endian, 16 bits. */
    static final int LE16 = 0x13;
    /** to little endian, 32 bits. */
    static final int LE32 = 0x19;
    /** to little endian, 64 bits. */
    static final int LE64 = 0x1a;
    /** to big endian, 16 bits. */
    static final int BE16 = 0x1b;
    /** to big endian, 32 bits. */
    static final int BE32 = 0x21;
    /** to big endian, 64 bits. */
    static final int BE64 = 0x22;
    /** bswap16. */
    static final int BSWAP16 = 0x23;
    /** bswap32. */
    static final int BSWAP32 = 0x29;
    /** bswap64. */
    static final int BSWAP64 = 0x2a;
    /** 32-bit atomic add. */
    static final int ATOMIC32_ADD = 0x2b;
    /** 32-bit atomic or. */
    static final int ATOMIC32_OR = 0x31;
    /** 32-bit atomic and. */
    static final int ATOMIC32_AND = 0x32;
    /** 32-bit atomic xor. */
    static final int ATOMIC32_XOR = 0x33;
    /** 32-bit atomic fetch add. */
    static final int ATOMIC32_FETCH_ADD = 0x38;
    /** 32-bit atomic fetch or. */
    static final int ATOMIC32_FETCH_OR = 0x39;
    /** 32-bit atomic fetch and. */
    static final int ATOMIC32_FETCH_AND = 0x3a;
    /** 32-bit atomic fetch xor. */
    static final int ATOMIC32_FETCH_XOR = 0x3b;
    /** 32-bit atomic xchg. */
    static final int ATOMIC32_XCHG = 0x41;
    /** 32-bit atomic cmpxchg. */
    static final int ATOMIC32_CMPXCHG = 0x42;
    /** 32-bit atomic load acq. */
    static final int ATOMIC32_LOAD_ACQ = 0x43;
    /** 32-bit atomic store rel. */
    static final int ATOMIC32_STORE_REL = 0x49;
    /** 64-bit atomic add. */
    static final int ATOMIC64_ADD = 0x4a;
    /** 64-bit atomic or. */
    static final int ATOMIC64_OR = 0x4b;
    /** 64-bit atomic and. */
    static final int ATOMIC64_AND = 0x51;
    /** 64-bit atomic xor. */
    static final int ATOMIC64_XOR = 0x52;
    /** 64-bit atomic fetch add. */
    static final int ATOMIC64_FETCH_ADD = 0x53;
    /** 64-bit atomic fetch or. */
    static final int ATOMIC64_FETCH_OR = 0x58;
    /** 64-bit atomic fetch and. */
    static final int ATOMIC64_FETCH_AND = 0x59;
    /** 64-bit atomic fetch xor. */
    static final int ATOMIC64_FETCH_XOR = 0x5a;
    /** 64-bit atomic xchg. */
    static final int ATOMIC64_XCHG = 0x5b;
    /** 64-bit atomic cmpxchg. */
    static final int ATOMIC64_CMPXCHG = 0x60;
    /** 64-bit atomic load acq. */
    static final int ATOMIC64_LOAD_ACQ = 0x68;
    /** 64-bit atomic store rel. */
    static final int ATOMIC64_STORE_REL = 0x70;
    /** 8-bit load acquire. */
    static final int ATOMIC8_LOAD_ACQ = 0x78;
    /** 8-bit store release. */
    static final int ATOMIC8_STORE_REL = 0x80;
    /** 16-bit load acquire. */
    static final int ATOMIC16_LOAD_ACQ = 0x82;
    /** 16-bit store release. */
    static final int ATOMIC16_STORE_REL = 0x83;
    /** call helper imm. */
    static final int CALL_HELPER = 0x86;
    /** call the local function at pc + imm. */
    static final int CALL_LOCAL = 0x88;
    /** call the kernel function with BTF id imm. */
    static final int CALL_KFUNC = 0x8a;
    /** dst = the resolved 64-bit constant of this pc. */
    static final int LDDW_CONST = 0x8b;

    private Ops() {
    }
}
