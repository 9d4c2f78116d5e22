package org.ebpftest.runtime.vm;

import java.util.List;
import org.ebpftest.runtime.InvalidProgramException;
import org.ebpftest.runtime.isa.AtomicOp;
import org.ebpftest.runtime.isa.CallKind;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.InstructionClass;
import org.ebpftest.runtime.isa.Opcode;
import org.ebpftest.runtime.isa.PseudoSource;
import org.ebpftest.runtime.isa.SourceLine;

/**
 * Checks a program's structure the way the kernel's verifier checks it before anything else (known
 * opcodes, real registers, reserved fields zero, jumps inside the program and never into the middle
 * of a {@code lddw}, a final exit or jump), and turns each instruction into the form the
 * interpreter dispatches on: the raw 8-byte layout with the opcode byte replaced by an
 * {@link Ops} number.
 */
final class ProgramDecoder {
    private final String name;
    private final List<Instruction> instructions;
    private final SourceLine[] lines;
    private final PseudoResolver resolver;
    private Instruction[] bySlot;

    ProgramDecoder(String name, List<Instruction> instructions, SourceLine[] lines, PseudoResolver resolver) {
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
        for (pc = 0; pc < slots; pc++) {
            Instruction insn = bySlot[pc];
            if (insn == null) {
                continue;
            }
            int op = internalOp(insn, pc);
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
        return new Program(name, instructions, bySlot, perSlot, code, constants);
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
            throw invalid(pc, insn, "unresolved " + source + " reference; load the program through the ELF loader or the Linux emulator");
        }
        return resolver.resolve(source, insn, pc);
    }

    private int internalOp(Instruction insn, int pc) {
        Opcode opcode = insn.op();
        if (opcode == null) {
            throw invalid(pc, insn, String.format("unknown opcode 0x%02x", insn.opcode()));
        }
        InstructionClass cls = insn.instructionClass();
        switch (cls) {
            case ALU, ALU64:
                return alu(insn, opcode, pc, cls == InstructionClass.ALU64);
            case JMP, JMP32:
                return jump(insn, opcode, pc);
            case LD:
                return ld(insn, opcode, pc);
            case LDX:
                requireRegs(insn, pc, true, true);
                requireWritable(insn, pc);
                requireZeroImm(insn, pc);
                return opcode.code();
            case ST:
                requireRegs(insn, pc, true, false);
                requireZeroSrc(insn, pc);
                return opcode.code();
            case STX:
                requireRegs(insn, pc, true, true);
                return opcode == Opcode.ATOMIC_W || opcode == Opcode.ATOMIC_DW || opcode == Opcode.ATOMIC_H || opcode == Opcode.ATOMIC_B
                        ? atomic(insn, opcode, pc)
                        : requireZeroImmAnd(insn, pc, opcode.code());
            default:
                throw invalid(pc, insn, "unknown instruction class");
        }
    }

    private int alu(Instruction insn, Opcode opcode, int pc, boolean wide) {
        boolean reg = (insn.opcode() & 0x08) != 0;
        int aluOp = insn.opcode() & 0xf0;
        requireRegs(insn, pc, true, reg);
        requireWritable(insn, pc);
        if (!reg && insn.src() != 0) {
            throw invalid(pc, insn, "reserved source register field must be 0");
        }
        int off = insn.offset();
        switch (aluOp) {
            case 0x30, 0x90: { // DIV, MOD
                if (off != 0 && off != 1) {
                    throw invalid(pc, insn, "offset of a division must be 0 (unsigned) or 1 (signed), was " + off);
                }
                if (reg) {
                    requireZeroImm(insn, pc);
                }
                if (off == 0) {
                    return opcode.code();
                }
                return switch (opcode) {
                    case DIV32_IMM -> Ops.SDIV32_IMM;
                    case DIV32_REG -> Ops.SDIV32_REG;
                    case DIV64_IMM -> Ops.SDIV64_IMM;
                    case DIV64_REG -> Ops.SDIV64_REG;
                    case MOD32_IMM -> Ops.SMOD32_IMM;
                    case MOD32_REG -> Ops.SMOD32_REG;
                    case MOD64_IMM -> Ops.SMOD64_IMM;
                    default -> Ops.SMOD64_REG;
                };
            }
            case 0xb0: { // MOV
                if (!reg) {
                    requireZeroOffset(insn, pc);
                    return opcode.code();
                }
                requireZeroImm(insn, pc);
                if (off == 0) {
                    return opcode.code();
                }
                if (wide) {
                    return switch (off) {
                        case 8 -> Ops.MOVSX64_8;
                        case 16 -> Ops.MOVSX64_16;
                        case 32 -> Ops.MOVSX64_32;
                        default -> throw invalid(pc, insn, "sign-extending move must extend 8, 16 or 32 bits, offset was " + off);
                    };
                }
                return switch (off) {
                    case 8 -> Ops.MOVSX32_8;
                    case 16 -> Ops.MOVSX32_16;
                    default -> throw invalid(pc, insn, "32-bit sign-extending move must extend 8 or 16 bits, offset was " + off);
                };
            }
            case 0xd0: { // END
                requireZeroOffset(insn, pc);
                int width = insn.imm();
                if (width != 16 && width != 32 && width != 64) {
                    throw invalid(pc, insn, "byte swap width must be 16, 32 or 64, was " + width);
                }
                int index = width == 16 ? 0 : width == 32 ? 1 : 2;
                if (wide) {
                    return new int[] {Ops.BSWAP16, Ops.BSWAP32, Ops.BSWAP64}[index];
                }
                return reg ? new int[] {Ops.BE16, Ops.BE32, Ops.BE64}[index] : new int[] {Ops.LE16, Ops.LE32, Ops.LE64}[index];
            }
            case 0x80: // NEG
                requireZeroOffset(insn, pc);
                requireZeroImm(insn, pc);
                return opcode.code();
            default:
                requireZeroOffset(insn, pc);
                if (reg) {
                    requireZeroImm(insn, pc);
                }
                return opcode.code();
        }
    }

    private int jump(Instruction insn, Opcode opcode, int pc) {
        switch (opcode) {
            case JA:
                requireNoRegs(insn, pc);
                requireZeroImm(insn, pc);
                checkTarget(insn, pc, pc + 1 + insn.offset());
                return opcode.code();
            case JA32:
                requireNoRegs(insn, pc);
                requireZeroOffset(insn, pc);
                checkTarget(insn, pc, pc + 1 + insn.imm());
                return opcode.code();
            case EXIT:
                requireNoRegs(insn, pc);
                requireZeroOffset(insn, pc);
                requireZeroImm(insn, pc);
                return opcode.code();
            case CALL: {
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
                    return Ops.CALL_LOCAL;
                }
                return kind == CallKind.HELPER ? Ops.CALL_HELPER : Ops.CALL_KFUNC;
            }
            case CALLX:
                requireZeroOffset(insn, pc);
                requireZeroImm(insn, pc);
                if (insn.dst() > 10) {
                    throw invalid(pc, insn, "register r" + insn.dst() + " does not exist");
                }
                return opcode.code();
            default: {
                boolean reg = (insn.opcode() & 0x08) != 0;
                requireRegs(insn, pc, true, reg);
                if (!reg && insn.src() != 0) {
                    throw invalid(pc, insn, "reserved source register field must be 0");
                }
                if (reg) {
                    requireZeroImm(insn, pc);
                }
                checkTarget(insn, pc, pc + 1 + insn.offset());
                return opcode.code();
            }
        }
    }

    private int ld(Instruction insn, Opcode opcode, int pc) {
        if (opcode == Opcode.LDDW) {
            requireRegs(insn, pc, true, false);
            requireWritable(insn, pc);
            requireZeroOffset(insn, pc);
            if (PseudoSource.of(insn.src()) == null) {
                throw invalid(pc, insn, "lddw with unknown pseudo source " + insn.src());
            }
            return Ops.LDDW_CONST;
        }
        // Legacy packet loads: r0 = skb[...]; the destination field is reserved.
        if (insn.dst() != 0 || insn.offset() != 0) {
            throw invalid(pc, insn, "reserved fields of a legacy packet load must be 0");
        }
        boolean indirect = opcode == Opcode.LDINDW || opcode == Opcode.LDINDH || opcode == Opcode.LDINDB;
        if (indirect) {
            requireRegs(insn, pc, false, true);
        } else {
            requireZeroSrc(insn, pc);
        }
        return opcode.code();
    }

    private int atomic(Instruction insn, Opcode opcode, int pc) {
        AtomicOp op = AtomicOp.of(insn.imm());
        if (op == null) {
            throw invalid(pc, insn, String.format("unknown atomic operation 0x%x", insn.imm()));
        }
        if (op == AtomicOp.LOAD_ACQUIRE) {
            if (insn.dst() == 10) {
                throw invalid(pc, insn, "r10 is read-only");
            }
            return switch (opcode) {
                case ATOMIC_B -> Ops.ATOMIC8_LOAD_ACQ;
                case ATOMIC_H -> Ops.ATOMIC16_LOAD_ACQ;
                case ATOMIC_W -> Ops.ATOMIC32_LOAD_ACQ;
                default -> Ops.ATOMIC64_LOAD_ACQ;
            };
        }
        if (op == AtomicOp.STORE_RELEASE) {
            return switch (opcode) {
                case ATOMIC_B -> Ops.ATOMIC8_STORE_REL;
                case ATOMIC_H -> Ops.ATOMIC16_STORE_REL;
                case ATOMIC_W -> Ops.ATOMIC32_STORE_REL;
                default -> Ops.ATOMIC64_STORE_REL;
            };
        }
        if (opcode == Opcode.ATOMIC_B || opcode == Opcode.ATOMIC_H) {
            throw invalid(pc, insn, "8- and 16-bit atomics exist only as load-acquire and store-release");
        }
        if (op.fetches() && insn.src() == 10) {
            throw invalid(pc, insn, "r10 is read-only");
        }
        boolean wide = opcode == Opcode.ATOMIC_DW;
        return switch (op) {
            case ADD -> wide ? Ops.ATOMIC64_ADD : Ops.ATOMIC32_ADD;
            case OR -> wide ? Ops.ATOMIC64_OR : Ops.ATOMIC32_OR;
            case AND -> wide ? Ops.ATOMIC64_AND : Ops.ATOMIC32_AND;
            case XOR -> wide ? Ops.ATOMIC64_XOR : Ops.ATOMIC32_XOR;
            case FETCH_ADD -> wide ? Ops.ATOMIC64_FETCH_ADD : Ops.ATOMIC32_FETCH_ADD;
            case FETCH_OR -> wide ? Ops.ATOMIC64_FETCH_OR : Ops.ATOMIC32_FETCH_OR;
            case FETCH_AND -> wide ? Ops.ATOMIC64_FETCH_AND : Ops.ATOMIC32_FETCH_AND;
            case FETCH_XOR -> wide ? Ops.ATOMIC64_FETCH_XOR : Ops.ATOMIC32_FETCH_XOR;
            case XCHG -> wide ? Ops.ATOMIC64_XCHG : Ops.ATOMIC32_XCHG;
            case CMPXCHG -> wide ? Ops.ATOMIC64_CMPXCHG : Ops.ATOMIC32_CMPXCHG;
            default -> throw invalid(pc, insn, "unexpected atomic operation " + op);
        };
    }

    private void checkTarget(Instruction insn, int pc, int target) {
        if (target < 0 || target >= bySlot.length) {
            throw invalid(pc, insn, "jump target " + target + " is outside the program (0 to " + (bySlot.length - 1) + ")");
        }
        if (bySlot[target] == null) {
            throw invalid(pc, insn, "jump target " + target + " is the second half of a lddw");
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

    private int requireZeroImmAnd(Instruction insn, int pc, int op) {
        requireZeroImm(insn, pc);
        return op;
    }

    private void requireZeroOffset(Instruction insn, int pc) {
        if (insn.offset() != 0) {
            throw invalid(pc, insn, "reserved offset field must be 0");
        }
    }

    private InvalidProgramException invalid(int pc, Instruction insn, String why) {
        SourceLine line = lines != null && pc < lines.length ? lines[pc] : null;
        return new InvalidProgramException(why + " at pc " + pc + " (" + insn + ") in " + name + (line == null ? "" : " [" + line + "]"));
    }
}
