package org.ebpftest.runtime.isa;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A small builder for writing raw eBPF programs in Java, with named labels for jumps and local
 * calls:
 *
 * <pre>{@code
 * List<Instruction> loop = new Assembler()
 *     .mov64(R0, 0).mov64(R1, 0)
 *     .label("loop")
 *     .alu64(AluOp.ADD, R0, R1).add64(R1, 1)
 *     .jump(JumpOp.JLT, R1, 100, "loop")
 *     .exit()
 *     .build();
 * }</pre>
 */
public final class Assembler {
    private final List<Instruction> instructions = new ArrayList<>();
    private final List<Integer> slotOf = new ArrayList<>();
    private final Map<String, Integer> labels = new HashMap<>();
    private final Map<Integer, String> jumpFixups = new HashMap<>();
    private final Map<Integer, Boolean> immFixups = new HashMap<>();
    private int slots;

    /** An empty program. */
    public Assembler() {
    }

    /** Appends any instruction as it is. */
    public Assembler raw(Instruction insn) {
        instructions.add(Objects.requireNonNull(insn, "insn"));
        slotOf.add(slots);
        slots += insn.slots();
        return this;
    }

    /** Names the next instruction's slot. */
    public Assembler label(String name) {
        if (labels.putIfAbsent(name, slots) != null) {
            throw new IllegalArgumentException("label " + name + " defined twice");
        }
        return this;
    }

    // ---- ALU ----

    /** 64-bit {@code dst op= imm}. */
    public Assembler alu64(AluOp op, Register dst, int imm) {
        return raw(new Instruction(InstructionClass.ALU64.code() | op.code() | Source.K.code(), dst.number(), 0, 0, imm, 0));
    }

    /** 64-bit {@code dst op= src}. */
    public Assembler alu64(AluOp op, Register dst, Register src) {
        return raw(new Instruction(InstructionClass.ALU64.code() | op.code() | Source.X.code(), dst.number(), src.number(), 0, 0, 0));
    }

    /** 32-bit {@code dst op= imm}, zero-extending the result. */
    public Assembler alu32(AluOp op, Register dst, int imm) {
        return raw(new Instruction(InstructionClass.ALU.code() | op.code() | Source.K.code(), dst.number(), 0, 0, imm, 0));
    }

    /** 32-bit {@code dst op= src}, zero-extending the result. */
    public Assembler alu32(AluOp op, Register dst, Register src) {
        return raw(new Instruction(InstructionClass.ALU.code() | op.code() | Source.X.code(), dst.number(), src.number(), 0, 0, 0));
    }

    /** {@code dst = imm} (sign-extended to 64 bits). */
    public Assembler mov64(Register dst, int imm) {
        return alu64(AluOp.MOV, dst, imm);
    }

    /** {@code dst = src}. */
    public Assembler mov64(Register dst, Register src) {
        return alu64(AluOp.MOV, dst, src);
    }

    /** {@code dst += imm}. */
    public Assembler add64(Register dst, int imm) {
        return alu64(AluOp.ADD, dst, imm);
    }

    /** {@code dst += src}. */
    public Assembler add64(Register dst, Register src) {
        return alu64(AluOp.ADD, dst, src);
    }

    /** Signed division or modulo ({@code op} DIV or MOD), 64-bit: the ISA v4 {@code sdiv}/{@code smod}. */
    public Assembler signed64(AluOp op, Register dst, Register src) {
        requireDivMod(op);
        return raw(new Instruction(InstructionClass.ALU64.code() | op.code() | Source.X.code(), dst.number(), src.number(), 1, 0, 0));
    }

    /** Signed division or modulo ({@code op} DIV or MOD), 32-bit. */
    public Assembler signed32(AluOp op, Register dst, Register src) {
        requireDivMod(op);
        return raw(new Instruction(InstructionClass.ALU.code() | op.code() | Source.X.code(), dst.number(), src.number(), 1, 0, 0));
    }

    private static void requireDivMod(AluOp op) {
        if (op != AluOp.DIV && op != AluOp.MOD) {
            throw new IllegalArgumentException("only DIV and MOD have signed forms, not " + op);
        }
    }

    /** {@code dst = (s8|s16|s32) src}, sign-extending into 64 bits (ISA v4). */
    public Assembler movsx64(Register dst, Register src, int bits) {
        return raw(new Instruction(Opcode.MOV64_REG.code(), dst.number(), src.number(), bits, 0, 0));
    }

    /** {@code dst = be16/32/64 dst}: to network byte order. */
    public Assembler toBigEndian(Register dst, int bits) {
        return raw(Instruction.of(Opcode.END_BE, dst.number(), 0, 0, bits));
    }

    /** {@code dst = le16/32/64 dst}. */
    public Assembler toLittleEndian(Register dst, int bits) {
        return raw(Instruction.of(Opcode.END_LE, dst.number(), 0, 0, bits));
    }

    /** {@code dst = bswap16/32/64 dst} (ISA v4). */
    public Assembler bswap(Register dst, int bits) {
        return raw(Instruction.of(Opcode.BSWAP, dst.number(), 0, 0, bits));
    }

    /** {@code dst = value ll}: a 64-bit constant in two slots. */
    public Assembler lddw(Register dst, long value) {
        return raw(Instruction.lddw(dst.number(), 0, value));
    }

    // ---- memory ----

    /** {@code dst = *(size *)(src + offset)}. */
    public Assembler load(Size size, Register dst, Register src, int offset) {
        return raw(new Instruction(InstructionClass.LDX.code() | Mode.MEM.code() | size.code(), dst.number(), src.number(), offset, 0, 0));
    }

    /** {@code dst = *(s8|s16|s32 *)(src + offset)}, sign-extending (ISA v4). */
    public Assembler loadSigned(Size size, Register dst, Register src, int offset) {
        return raw(new Instruction(InstructionClass.LDX.code() | Mode.MEMSX.code() | size.code(), dst.number(), src.number(), offset, 0, 0));
    }

    /** {@code *(size *)(dst + offset) = src}. */
    public Assembler store(Size size, Register dst, int offset, Register src) {
        return raw(new Instruction(InstructionClass.STX.code() | Mode.MEM.code() | size.code(), dst.number(), src.number(), offset, 0, 0));
    }

    /** {@code *(size *)(dst + offset) = imm}. */
    public Assembler store(Size size, Register dst, int offset, int imm) {
        return raw(new Instruction(InstructionClass.ST.code() | Mode.MEM.code() | size.code(), dst.number(), 0, offset, imm, 0));
    }

    /** An atomic operation on {@code *(size *)(dst + offset)} with {@code src}. */
    public Assembler atomic(Size size, AtomicOp op, Register dst, int offset, Register src) {
        return raw(new Instruction(InstructionClass.STX.code() | Mode.ATOMIC.code() | size.code(), dst.number(), src.number(), offset, op.code(), 0));
    }

    // ---- control flow ----

    /** {@code goto label}. */
    public Assembler jump(String label) {
        jumpFixups.put(instructions.size(), label);
        return raw(Instruction.of(Opcode.JA, 0, 0, 0, 0));
    }

    /** {@code may_goto label}: to the label once the frame's loop budget is spent (ISA v4). */
    public Assembler mayGoto(String label) {
        jumpFixups.put(instructions.size(), label);
        return raw(Instruction.of(Opcode.MAY_GOTO, 0, 0, 0, 0));
    }

    /** {@code if dst op imm goto label} (64-bit comparison). */
    public Assembler jump(JumpOp op, Register dst, int imm, String label) {
        requireConditional(op);
        jumpFixups.put(instructions.size(), label);
        return raw(new Instruction(InstructionClass.JMP.code() | op.code() | Source.K.code(), dst.number(), 0, 0, imm, 0));
    }

    /** {@code if dst op src goto label} (64-bit comparison). */
    public Assembler jump(JumpOp op, Register dst, Register src, String label) {
        requireConditional(op);
        jumpFixups.put(instructions.size(), label);
        return raw(new Instruction(InstructionClass.JMP.code() | op.code() | Source.X.code(), dst.number(), src.number(), 0, 0, 0));
    }

    /** {@code if wdst op imm goto label} (32-bit comparison). */
    public Assembler jump32(JumpOp op, Register dst, int imm, String label) {
        requireConditional(op);
        jumpFixups.put(instructions.size(), label);
        return raw(new Instruction(InstructionClass.JMP32.code() | op.code() | Source.K.code(), dst.number(), 0, 0, imm, 0));
    }

    /** {@code if wdst op wsrc goto label} (32-bit comparison). */
    public Assembler jump32(JumpOp op, Register dst, Register src, String label) {
        requireConditional(op);
        jumpFixups.put(instructions.size(), label);
        return raw(new Instruction(InstructionClass.JMP32.code() | op.code() | Source.X.code(), dst.number(), src.number(), 0, 0, 0));
    }

    private static void requireConditional(JumpOp op) {
        if (!op.isConditional()) {
            throw new IllegalArgumentException(op + " is not a conditional jump");
        }
    }

    /** {@code call id}: a helper by number. */
    public Assembler call(int helperId) {
        return raw(Instruction.of(Opcode.CALL, 0, CallKind.HELPER.code(), 0, helperId));
    }

    /** A bpf-to-bpf call of the function at a label. */
    public Assembler callLocal(String label) {
        immFixups.put(instructions.size(), true);
        jumpFixups.put(instructions.size(), label);
        return raw(Instruction.of(Opcode.CALL, 0, CallKind.LOCAL.code(), 0, 0));
    }

    /** {@code r = address of the function at label}, as clang emits for callbacks. */
    public Assembler functionAddress(Register dst, String label) {
        immFixups.put(instructions.size(), true);
        jumpFixups.put(instructions.size(), label);
        return raw(Instruction.lddw(dst.number(), PseudoSource.FUNC.code(), 0));
    }

    /** {@code exit}. */
    public Assembler exit() {
        return raw(Instruction.of(Opcode.EXIT, 0, 0, 0, 0));
    }

    /**
     * The program, with labels resolved.
     *
     * @throws IllegalArgumentException for a label that is not defined or a jump too far for 16 bits
     */
    public List<Instruction> build() {
        List<Instruction> out = new ArrayList<>(instructions);
        for (Map.Entry<Integer, String> fix : jumpFixups.entrySet()) {
            int index = fix.getKey();
            Integer target = labels.get(fix.getValue());
            if (target == null) {
                throw new IllegalArgumentException("undefined label " + fix.getValue());
            }
            int delta = target - (slotOf.get(index) + 1);
            Instruction insn = out.get(index);
            if (immFixups.containsKey(index)) {
                out.set(index, insn.isWide() ? insn.withConstant(delta & 0xffffffffL) : insn.withImm(delta));
            } else {
                if (delta < Short.MIN_VALUE || delta > Short.MAX_VALUE) {
                    throw new IllegalArgumentException("jump to " + fix.getValue() + " is too far for a 16-bit offset: " + delta);
                }
                out.set(index, insn.withOffset(delta));
            }
        }
        return List.copyOf(out);
    }
}
