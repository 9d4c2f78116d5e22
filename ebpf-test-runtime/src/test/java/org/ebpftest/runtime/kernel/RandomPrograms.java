package org.ebpftest.runtime.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ebpftest.runtime.isa.AluOp;
import org.ebpftest.runtime.isa.AtomicOp;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.InstructionClass;
import org.ebpftest.runtime.isa.JumpOp;
import org.ebpftest.runtime.isa.Mode;
import org.ebpftest.runtime.isa.Opcode;
import org.ebpftest.runtime.isa.Size;
import org.ebpftest.runtime.isa.Source;

/**
 * Generates random straight-line-and-forward-jump programs the kernel's verifier accepts: registers
 * r0-r9 start as random constants, then a mix of every ALU, ALU64, JMP and JMP32 form, stack loads
 * and stores of every width (sign-extending too) and stack atomics, and finally every register is
 * folded into the low 32 bits of r0 (BPF_PROG_TEST_RUN returns a u32). Constant shifts stay below
 * the operand width and constant divisors are non-zero, as the verifier demands; divisors and shift
 * counts in registers are anything.
 */
public final class RandomPrograms {
    private static final AluOp[] BINARY = {AluOp.ADD, AluOp.SUB, AluOp.MUL, AluOp.DIV, AluOp.OR, AluOp.AND,
        AluOp.LSH, AluOp.RSH, AluOp.MOD, AluOp.XOR, AluOp.MOV, AluOp.ARSH};
    private static final JumpOp[] CONDITIONAL = {JumpOp.JEQ, JumpOp.JGT, JumpOp.JGE, JumpOp.JSET, JumpOp.JNE,
        JumpOp.JSGT, JumpOp.JSGE, JumpOp.JLT, JumpOp.JLE, JumpOp.JSLT, JumpOp.JSLE};
    private static final AtomicOp[] ATOMICS = {AtomicOp.ADD, AtomicOp.OR, AtomicOp.AND, AtomicOp.XOR, AtomicOp.FETCH_ADD,
        AtomicOp.FETCH_OR, AtomicOp.FETCH_AND, AtomicOp.FETCH_XOR, AtomicOp.XCHG, AtomicOp.CMPXCHG};
    /** Stack bytes the program initialises and then uses: r10 - 64 to r10 - 1. */
    private static final int STACK = 64;

    private final Random random;

    public RandomPrograms(long seed) {
        random = new Random(seed);
    }

    public List<Instruction> next(int bodyLength) {
        List<Instruction> out = new ArrayList<>();
        for (int r = 0; r <= 9; r++) {
            out.add(Instruction.lddw(r, 0, interesting()));
        }
        for (int off = -STACK; off < 0; off += 8) {
            out.add(Instruction.of(Opcode.STXDW, 10, random.nextInt(10), off, 0));
        }
        List<Instruction> body = new ArrayList<>();
        while (body.size() < bodyLength) {
            int kind = random.nextInt(20);
            if (kind < 11) {
                body.add(alu());
            } else if (kind < 13) {
                body.add(special());
            } else if (kind < 15) {
                body.add(load());
            } else if (kind < 16) {
                body.add(store());
            } else if (kind < 17) {
                body.add(atomic());
            } else if (kind < 18) {
                // Unconditional jumps only inside a diamond, because the verifier refuses
                // unreachable code: "if c goto +1; goto +1; A" reaches A on one path only.
                boolean wide = random.nextBoolean();
                body.add(conditionalJump(1));
                body.add(wide ? Instruction.of(Opcode.JA, 0, 0, 1, 0) : Instruction.of(Opcode.JA32, 0, 0, 0, 1));
                body.add(alu());
            } else {
                body.add(null); // a conditional jump, placed below once the body is laid out
            }
        }
        for (int i = 0; i < body.size(); i++) {
            if (body.get(i) == null) {
                int skip = Math.min(1 + random.nextInt(3), body.size() - i - 1);
                body.set(i, conditionalJump(skip));
            }
        }
        out.addAll(body);
        // fold r1..r9 into r0, then the high half into the low half
        for (int r = 1; r <= 9; r++) {
            out.add(Instruction.of(Opcode.XOR64_REG, 0, r, 0, 0));
            out.add(Instruction.of(Opcode.MUL64_IMM, 0, 0, 0, 0x9e3779b1));
        }
        out.add(Instruction.of(Opcode.MOV64_REG, 1, 0, 0, 0));
        out.add(Instruction.of(Opcode.RSH64_IMM, 1, 0, 0, 32));
        out.add(Instruction.of(Opcode.XOR64_REG, 0, 1, 0, 0));
        out.add(Instruction.of(Opcode.MOV32_REG, 0, 0, 0, 0));
        out.add(Instruction.of(Opcode.EXIT, 0, 0, 0, 0));
        return out;
    }

    private long interesting() {
        return switch (random.nextInt(8)) {
            case 0 -> 0;
            case 1 -> -1;
            case 2 -> Long.MIN_VALUE;
            case 3 -> Integer.MIN_VALUE & 0xffffffffL;
            case 4 -> random.nextInt(64);
            case 5 -> -random.nextInt(64);
            default -> random.nextLong();
        };
    }

    private int reg() {
        return random.nextInt(10);
    }

    private Instruction alu() {
        boolean wide = random.nextBoolean();
        int cls = wide ? InstructionClass.ALU64.code() : InstructionClass.ALU.code();
        AluOp op = BINARY[random.nextInt(BINARY.length)];
        if (random.nextBoolean()) {
            int width = wide ? 64 : 32;
            int imm = switch (op) {
                case LSH, RSH, ARSH -> random.nextInt(width);
                case DIV, MOD -> random.nextBoolean() ? 1 + random.nextInt(100) : -1 - random.nextInt(1000);
                default -> (int) interesting();
            };
            boolean signed = (op == AluOp.DIV || op == AluOp.MOD) && random.nextBoolean();
            return new Instruction(cls | op.code() | Source.K.code(), reg(), 0, signed ? 1 : 0, imm, 0);
        }
        boolean signed = (op == AluOp.DIV || op == AluOp.MOD) && random.nextBoolean();
        return new Instruction(cls | op.code() | Source.X.code(), reg(), reg(), signed ? 1 : 0, 0, 0);
    }

    private Instruction special() {
        int widths = random.nextInt(3);
        return switch (random.nextInt(5)) {
            case 0 -> Instruction.of(random.nextBoolean() ? Opcode.NEG64 : Opcode.NEG32, reg(), 0, 0, 0);
            case 1 -> Instruction.of(random.nextBoolean() ? Opcode.END_BE : Opcode.END_LE, reg(), 0, 0, 16 << widths);
            case 2 -> Instruction.of(Opcode.BSWAP, reg(), 0, 0, 16 << widths);
            case 3 -> new Instruction(Opcode.MOV64_REG.code(), reg(), reg(), 8 << widths, 0, 0);
            default -> new Instruction(Opcode.MOV32_REG.code(), reg(), reg(), 8 << random.nextInt(2), 0, 0);
        };
    }

    private int stackOffset(Size size) {
        int slots = STACK / size.bytes();
        return -(1 + random.nextInt(slots)) * size.bytes();
    }

    private Instruction load() {
        Size size = Size.values()[random.nextInt(4)];
        boolean signed = size != Size.DW && random.nextBoolean();
        int mode = signed ? Mode.MEMSX.code() : Mode.MEM.code();
        return new Instruction(InstructionClass.LDX.code() | mode | size.code(), reg(), 10, stackOffset(size), 0, 0);
    }

    private Instruction store() {
        Size size = Size.values()[random.nextInt(4)];
        if (random.nextBoolean()) {
            return new Instruction(InstructionClass.ST.code() | Mode.MEM.code() | size.code(), 10, 0, stackOffset(size), (int) interesting(), 0);
        }
        return new Instruction(InstructionClass.STX.code() | Mode.MEM.code() | size.code(), 10, reg(), stackOffset(size), 0, 0);
    }

    private Instruction atomic() {
        Size size = random.nextBoolean() ? Size.W : Size.DW;
        AtomicOp op = ATOMICS[random.nextInt(ATOMICS.length)];
        return new Instruction(InstructionClass.STX.code() | Mode.ATOMIC.code() | size.code(), 10, reg(), stackOffset(size), op.code(), 0);
    }

    private Instruction conditionalJump(int skip) {
        boolean wide = random.nextBoolean();
        int cls = wide ? InstructionClass.JMP.code() : InstructionClass.JMP32.code();
        JumpOp op = CONDITIONAL[random.nextInt(CONDITIONAL.length)];
        if (random.nextBoolean()) {
            return new Instruction(cls | op.code() | Source.K.code(), reg(), 0, skip, (int) interesting(), 0);
        }
        return new Instruction(cls | op.code() | Source.X.code(), reg(), reg(), skip, 0, 0);
    }
}
