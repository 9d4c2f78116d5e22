package org.ebpftest.runtime.isa;

import java.util.Objects;

/**
 * One eBPF instruction as it is encoded, with every field kept as is so that decoding and encoding
 * round-trip exactly. The 64-bit immediate load ({@code lddw}) is one instruction that takes two
 * slots; its upper 32 bits are {@link #nextImm()}. Immutable.
 *
 * @param opcode the opcode byte, 0 to 255 (it need not name a valid instruction)
 * @param dst the destination register field, 0 to 15
 * @param src the source register field, 0 to 15
 * @param offset the signed 16-bit offset
 * @param imm the signed 32-bit immediate
 * @param nextImm the immediate of the second slot of a {@code lddw}; 0 for other instructions
 */
public record Instruction(int opcode, int dst, int src, int offset, int imm, int nextImm) {
    /**
     * The helper number libbpf calls in place of an instruction whose CO-RE relocation found no
     * match in the kernel's types ({@code 0xbad2310}, "bad relo"): Linux's verifier refuses it only
     * where its walk reaches it, so code that never runs may carry it.
     */
    public static final int CORE_POISON_HELPER = 0xbad2310;

    /** Checks that every field fits its encoding. */
    public Instruction {
        if (opcode < 0 || opcode > 0xff) {
            throw new IllegalArgumentException("opcode must be a byte, was " + opcode);
        }
        if (dst < 0 || dst > 15 || src < 0 || src > 15) {
            throw new IllegalArgumentException("register fields must be 0 to 15, were dst=" + dst + " src=" + src);
        }
        if (offset < Short.MIN_VALUE || offset > Short.MAX_VALUE) {
            throw new IllegalArgumentException("offset must fit 16 bits signed, was " + offset);
        }
        if (nextImm != 0 && opcode != Opcode.LDDW.code()) {
            throw new IllegalArgumentException("only lddw has a second immediate");
        }
    }

    /** An instruction of one slot. */
    public static Instruction of(Opcode opcode, int dst, int src, int offset, int imm) {
        Objects.requireNonNull(opcode, "opcode");
        return new Instruction(opcode.code(), dst, src, offset, imm, 0);
    }

    /** A {@code lddw} of a 64-bit value, with the given pseudo source (0 for a plain constant). */
    public static Instruction lddw(int dst, int src, long value) {
        return new Instruction(Opcode.LDDW.code(), dst, src, 0, (int) value, (int) (value >>> 32));
    }

    /** The call libbpf writes over an instruction whose CO-RE relocation found no match. */
    public static Instruction corePoison() {
        return of(Opcode.CALL, 0, 0, 0, CORE_POISON_HELPER);
    }

    /** The opcode, or null when the opcode byte names no instruction. */
    public Opcode op() {
        return Opcode.of(opcode);
    }

    /** The instruction class. */
    public InstructionClass instructionClass() {
        return InstructionClass.of(opcode);
    }

    /** True for {@code lddw}, which takes two slots. */
    public boolean isWide() {
        return opcode == Opcode.LDDW.code();
    }

    /** The number of 8-byte slots this instruction takes: 2 for {@code lddw}, else 1. */
    public int slots() {
        return isWide() ? 2 : 1;
    }

    /** The 64-bit immediate of a {@code lddw}: imm in the low half, nextImm in the high half. */
    public long constant() {
        return (imm & 0xffffffffL) | ((long) nextImm << 32);
    }

    /** A copy with another immediate, as relocation needs. */
    public Instruction withImm(int newImm) {
        return new Instruction(opcode, dst, src, offset, newImm, nextImm);
    }

    /** A copy with another 64-bit constant, for a {@code lddw}. */
    public Instruction withConstant(long value) {
        return new Instruction(opcode, dst, src, offset, (int) value, (int) (value >>> 32));
    }

    /** A copy with another offset. */
    public Instruction withOffset(int newOffset) {
        return new Instruction(opcode, dst, src, newOffset, imm, nextImm);
    }

    /**
     * A copy of a load or store with another access width, as libbpf rewrites one whose CO-RE
     * relocation found the field with another size.
     */
    public Instruction withSize(Size size) {
        return new Instruction((opcode & ~0x18) | size.code(), dst, src, offset, imm, nextImm);
    }

    /** The instruction as {@code llvm-objdump} would print it, such as {@code r0 = *(u32 *)(r1 + 0x4)}. */
    @Override
    public String toString() {
        return Disassembler.format(this);
    }
}
