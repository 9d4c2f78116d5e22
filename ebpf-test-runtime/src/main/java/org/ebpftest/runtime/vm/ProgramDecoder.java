package org.ebpftest.runtime.vm;

import java.util.List;
import org.ebpftest.runtime.InvalidProgramException;
import org.ebpftest.runtime.isa.AluOp;
import org.ebpftest.runtime.isa.AtomicOp;
import org.ebpftest.runtime.isa.CallKind;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.InstructionClass;
import org.ebpftest.runtime.isa.Mode;
import org.ebpftest.runtime.isa.Opcode;
import org.ebpftest.runtime.isa.Operation;
import org.ebpftest.runtime.isa.PseudoSource;
import org.ebpftest.runtime.isa.Source;
import org.ebpftest.runtime.isa.SourceLine;
import org.ebpftest.runtime.vm.jit.ProgramCompiler;

/**
 * Checks a program's structure the way the kernel's verifier checks it before anything else (known
 * opcodes, real registers, reserved fields zero, jumps inside the program and never into the middle
 * of a {@code lddw}, a final exit or jump), and turns each instruction into the form the
 * interpreter dispatches on: the raw 8-byte layout with the opcode byte replaced by the ordinal of
 * the instruction's {@link Operation} (the {@link Ops} numbers).
 *
 * <p>The verifier applies some of these checks to every instruction before it walks the program
 * (known opcodes, jump and call targets, {@code lddw} sources: {@code resolve_pseudo_ldimm64},
 * {@code check_subprogs}, {@code check_cfg}) and the rest only to the instructions its walk reaches
 * ({@code do_check}: registers, writes to r10, reserved fields, operation details), so it loads
 * programs whose dead code breaks them. Without the walk, which branches are dead is unknown here;
 * when asked to {@linkplain Program.Builder#deferReachableChecks() defer}, the second kind become
 * {@link #REFUSED} instructions that trap with the same message when a run reaches them.
 */
final class ProgramDecoder {
    /** The offset that makes a 64-bit register move an {@code addr_space_cast} ({@code BPF_ADDR_SPACE_CAST}). */
    private static final int ADDR_SPACE_CAST = 1;
    /** The internal op of an instruction the verifier would refuse where it is reached; no {@link Operation} has it. */
    static final int REFUSED = ProgramCompiler.REFUSED;

    /** A refusal the verifier makes only for instructions its walk reaches. */
    private static final class ReachableOnly extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String why;

        ReachableOnly(String message, String why) {
            super(message, null, false, false);
            this.why = why;
        }
    }

    private final String name;
    private final List<Instruction> instructions;
    private final SourceLine[] lines;
    private final PseudoResolver resolver;
    private final List<String> externNames;
    private final boolean deferReachableChecks;
    private Instruction[] bySlot;

    ProgramDecoder(String name, List<Instruction> instructions, SourceLine[] lines, PseudoResolver resolver, List<String> externNames,
            boolean deferReachableChecks) {
        this.externNames = externNames;
        this.deferReachableChecks = deferReachableChecks;
        this.name = name;
        this.instructions = instructions;
        this.lines = lines;
        this.resolver = resolver;
    }

    Program decode() {
        int slots = 0;
        for (Instruction insn : instructions) {
            slots += insn.slots();
        }
        if (slots == 0) {
            throw new InvalidProgramException("program " + name + " has no instructions");
        }
        bySlot = new Instruction[slots];
        int pc = 0;
        for (Instruction insn : instructions) {
            bySlot[pc] = insn;
            pc += insn.slots();
        }
        long[] code = new long[slots];
        long[] constants = new long[slots];
        String[] refusals = new String[slots];
        for (pc = 0; pc < slots; pc++) {
            Instruction insn = bySlot[pc];
            if (insn == null) {
                continue;
            }
            checkEverywhere(insn, pc);
            int op;
            try {
                op = internalOp(insn, pc);
            } catch (ReachableOnly r) {
                if (!deferReachableChecks) {
                    throw new InvalidProgramException(r.getMessage());
                }
                op = REFUSED;
                refusals[pc] = r.why;
            }
            code[pc] = pack(insn, op);
            if (insn.isWide()) {
                constants[pc] = constant(insn, pc);
            }
        }
        Instruction last = bySlot[slots - 1] != null ? bySlot[slots - 1] : bySlot[slots - 2];
        int lastOp = last.opcode();
        if (lastOp != Opcode.EXIT.code() && lastOp != Opcode.JA.code() && lastOp != Opcode.JA32.code()) {
            throw new InvalidProgramException("program " + name + " does not end with exit or an unconditional jump: last instruction is " + last);
        }
        SourceLine[] perSlot = lines == null ? null : java.util.Arrays.copyOf(lines, slots);
        return new Program(name, instructions, bySlot, perSlot, code, constants, externNames, refusals);
    }

    static long pack(Instruction insn, int op) {
        return (op & 0xffL)
                | (long) insn.dst() << 8
                | (long) insn.src() << 12
                | (insn.offset() & 0xffffL) << 16
                | (long) insn.imm() << 32;
    }

    private long constant(Instruction insn, int pc) {
        PseudoSource source = PseudoSource.of(insn.src());
        if (source == PseudoSource.IMM64) {
            return insn.constant();
        }
        if (source == PseudoSource.FUNC) {
            int target = pc + 1 + insn.imm();
            checkTarget(insn, pc, target);
            return Vm.codeAddress(target);
        }
        if (resolver == null) {
            throw everywhere(pc, insn, "unresolved " + source + " reference; load the program through the ELF loader or the Linux emulator");
        }
        return resolver.resolve(source, insn, pc);
    }

    /** The checks the verifier applies to every instruction, reached or not. */
    private void checkEverywhere(Instruction insn, int pc) {
        Opcode opcode = insn.op();
        if (opcode == null) {
            throw everywhere(pc, insn, String.format("unknown opcode 0x%02x", insn.opcode()));
        }
        switch (opcode) {
            case EXIT, CALLX -> { }
            case JA -> checkTarget(insn, pc, pc + 1 + insn.offset());
            case JA32 -> checkTarget(insn, pc, pc + 1 + insn.imm());
            case CALL -> {
                CallKind kind = CallKind.of(insn.src());
                if (kind == null) {
                    throw everywhere(pc, insn, "call with unknown source " + insn.src() + " (0 helper, 1 local function, 2 kernel function)");
                }
                if (kind == CallKind.LOCAL) {
                    checkTarget(insn, pc, pc + 1 + insn.imm());
                }
            }
            case LDDW -> {
                if (PseudoSource.of(insn.src()) == null) {
                    throw everywhere(pc, insn, "lddw with unknown pseudo source " + insn.src());
                }
            }
            default -> {
                InstructionClass cls = insn.instructionClass();
                if (cls == InstructionClass.JMP || cls == InstructionClass.JMP32) {
                    checkTarget(insn, pc, pc + 1 + insn.offset());
                }
            }
        }
    }

    private int internalOp(Instruction insn, int pc) {
        Opcode opcode = insn.op();
        InstructionClass cls = insn.instructionClass();
        switch (cls) {
            case ALU, ALU64 -> alu(insn, pc, cls == InstructionClass.ALU64);
            case JMP, JMP32 -> jump(insn, opcode, pc);
            case LD -> ld(insn, opcode, pc);
            case LDX -> {
                requireRegs(insn, pc, true, true);
                requireWritable(insn, pc);
                requireZeroImm(insn, pc);
            }
            case ST -> {
                requireRegs(insn, pc, true, false);
                requireZeroSrc(insn, pc);
            }
            case STX -> {
                requireRegs(insn, pc, true, true);
                if (Mode.of(insn.opcode()) == Mode.ATOMIC) {
                    atomic(insn, opcode, pc);
                } else {
                    requireZeroImm(insn, pc);
                }
            }
            default -> throw invalid(pc, insn, "unknown instruction class");
        }
        // The checks above refuse every refining field the instruction set does not define.
        Operation operation = Operation.of(insn);
        if (operation == null) {
            throw invalid(pc, insn, "undecoded instruction");
        }
        return operation.ordinal();
    }

    private void alu(Instruction insn, int pc, boolean wide) {
        boolean reg = Source.of(insn.opcode()) == Source.X;
        AluOp aluOp = AluOp.of(insn.opcode());
        requireRegs(insn, pc, true, reg);
        requireWritable(insn, pc);
        if (!reg && insn.src() != 0) {
            throw invalid(pc, insn, "reserved source register field must be 0");
        }
        int off = insn.offset();
        switch (aluOp) {
            case DIV, MOD -> {
                if (off != 0 && off != 1) {
                    throw invalid(pc, insn, "offset of a division must be 0 (unsigned) or 1 (signed), was " + off);
                }
                if (reg) {
                    requireZeroImm(insn, pc);
                }
            }
            case MOV -> {
                if (!reg) {
                    requireZeroOffset(insn, pc);
                    return;
                }
                if (wide && off == ADDR_SPACE_CAST) {
                    if (insn.imm() != 1 && insn.imm() != 1 << 16) {
                        throw invalid(pc, insn, "addr_space_cast can only convert between address space 1 and 0 (imm 1 or 0x10000), imm was " + insn.imm());
                    }
                    return;
                }
                requireZeroImm(insn, pc);
                if (wide && off != 0 && off != 8 && off != 16 && off != 32) {
                    throw invalid(pc, insn, "sign-extending move must extend 8, 16 or 32 bits, offset was " + off);
                }
                if (!wide && off != 0 && off != 8 && off != 16) {
                    throw invalid(pc, insn, "32-bit sign-extending move must extend 8 or 16 bits, offset was " + off);
                }
            }
            case END -> {
                requireZeroOffset(insn, pc);
                int width = insn.imm();
                if (width != 16 && width != 32 && width != 64) {
                    throw invalid(pc, insn, "byte swap width must be 16, 32 or 64, was " + width);
                }
            }
            case NEG -> {
                requireZeroOffset(insn, pc);
                requireZeroImm(insn, pc);
            }
            default -> {
                requireZeroOffset(insn, pc);
                if (reg) {
                    requireZeroImm(insn, pc);
                }
            }
        }
    }

    private void jump(Instruction insn, Opcode opcode, int pc) {
        switch (opcode) {
            case JA -> {
                requireNoRegs(insn, pc);
                requireZeroImm(insn, pc);
                checkTarget(insn, pc, pc + 1 + insn.offset());
            }
            case JA32 -> {
                requireNoRegs(insn, pc);
                requireZeroOffset(insn, pc);
                checkTarget(insn, pc, pc + 1 + insn.imm());
            }
            case EXIT -> {
                requireNoRegs(insn, pc);
                requireZeroOffset(insn, pc);
                requireZeroImm(insn, pc);
            }
            case CALL -> {
                requireZeroOffset(insn, pc);
                if (insn.dst() != 0) {
                    throw invalid(pc, insn, "reserved destination register field of call must be 0");
                }
                CallKind kind = CallKind.of(insn.src());
                if (kind == null) {
                    throw invalid(pc, insn, "call with unknown source " + insn.src() + " (0 helper, 1 local function, 2 kernel function)");
                }
                if (kind == CallKind.LOCAL) {
                    checkTarget(insn, pc, pc + 1 + insn.imm());
                }
            }
            case MAY_GOTO -> {
                // check_cond_jmp_op: "invalid may_goto off %d imm %d"; an offset of 0 loads on Linux 6.18
                requireNoRegs(insn, pc);
                requireZeroImm(insn, pc);
                checkTarget(insn, pc, pc + 1 + insn.offset());
            }
            case CALLX -> {
                requireZeroOffset(insn, pc);
                requireZeroImm(insn, pc);
                if (insn.dst() > 10) {
                    throw invalid(pc, insn, "register r" + insn.dst() + " does not exist");
                }
            }
            default -> {
                boolean reg = Source.of(insn.opcode()) == Source.X;
                requireRegs(insn, pc, true, reg);
                if (!reg && insn.src() != 0) {
                    throw invalid(pc, insn, "reserved source register field must be 0");
                }
                if (reg) {
                    requireZeroImm(insn, pc);
                }
                checkTarget(insn, pc, pc + 1 + insn.offset());
            }
        }
    }

    private void ld(Instruction insn, Opcode opcode, int pc) {
        if (opcode == Opcode.LDDW) {
            requireRegs(insn, pc, true, false);
            requireWritable(insn, pc);
            requireZeroOffset(insn, pc);
            if (PseudoSource.of(insn.src()) == null) {
                throw invalid(pc, insn, "lddw with unknown pseudo source " + insn.src());
            }
            return;
        }
        // Legacy packet loads: r0 = skb[...]; the destination field is reserved.
        if (insn.dst() != 0 || insn.offset() != 0) {
            throw invalid(pc, insn, "reserved fields of a legacy packet load must be 0");
        }
        if (Mode.of(insn.opcode()) == Mode.IND) {
            requireRegs(insn, pc, false, true);
        } else {
            requireZeroSrc(insn, pc);
        }
    }

    private void atomic(Instruction insn, Opcode opcode, int pc) {
        AtomicOp op = AtomicOp.of(insn.imm());
        if (op == null) {
            throw invalid(pc, insn, String.format("unknown atomic operation 0x%x", insn.imm()));
        }
        if (op == AtomicOp.LOAD_ACQUIRE) {
            if (insn.dst() == 10) {
                throw invalid(pc, insn, "r10 is read-only");
            }
            return;
        }
        if (op == AtomicOp.STORE_RELEASE) {
            return;
        }
        if (opcode == Opcode.ATOMIC_B || opcode == Opcode.ATOMIC_H) {
            throw invalid(pc, insn, "8- and 16-bit atomics exist only as load-acquire and store-release");
        }
        if (op.fetches() && insn.src() == 10) {
            throw invalid(pc, insn, "r10 is read-only");
        }
    }

    private void checkTarget(Instruction insn, int pc, int target) {
        if (target < 0 || target >= bySlot.length) {
            throw everywhere(pc, insn, "jump target " + target + " is outside the program (0 to " + (bySlot.length - 1) + ")");
        }
        if (bySlot[target] == null) {
            throw everywhere(pc, insn, "jump target " + target + " is the second half of a lddw");
        }
    }

    private void requireRegs(Instruction insn, int pc, boolean dst, boolean src) {
        if (dst && insn.dst() > 10) {
            throw invalid(pc, insn, "register r" + insn.dst() + " does not exist");
        }
        if (src && insn.src() > 10) {
            throw invalid(pc, insn, "register r" + insn.src() + " does not exist");
        }
    }

    private void requireWritable(Instruction insn, int pc) {
        if (insn.dst() == 10) {
            throw invalid(pc, insn, "r10 (the frame pointer) is read-only");
        }
    }

    private void requireNoRegs(Instruction insn, int pc) {
        if (insn.dst() != 0 || insn.src() != 0) {
            throw invalid(pc, insn, "reserved register fields must be 0");
        }
    }

    private void requireZeroSrc(Instruction insn, int pc) {
        if (insn.src() != 0) {
            throw invalid(pc, insn, "reserved source register field must be 0");
        }
    }

    private void requireZeroImm(Instruction insn, int pc) {
        if (insn.imm() != 0) {
            throw invalid(pc, insn, "reserved immediate field must be 0");
        }
    }

    private void requireZeroOffset(Instruction insn, int pc) {
        if (insn.offset() != 0) {
            throw invalid(pc, insn, "reserved offset field must be 0");
        }
    }

    /** A refusal for an instruction the verifier checks only where its walk reaches it. */
    private ReachableOnly invalid(int pc, Instruction insn, String why) {
        return new ReachableOnly(message(pc, insn, why), why);
    }

    /** A refusal the verifier makes for every instruction, reached or not. */
    private InvalidProgramException everywhere(int pc, Instruction insn, String why) {
        return new InvalidProgramException(message(pc, insn, why));
    }

    private String message(int pc, Instruction insn, String why) {
        SourceLine line = lines != null && pc < lines.length ? lines[pc] : null;
        return why + " at pc " + pc + " (" + insn + ") in " + name + (line == null ? "" : " [" + line + "]");
    }
}
