package org.ebpftest.runtime.linux.verifier;

import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.linux.verifier.Reg.Kind;

/**
 * One instruction's effect on a state: register reads and writes, ALU, loads and stores through
 * {@link MemoryAccess}, branches through {@link Branches}, calls and exits. Returns the next pc,
 * or -1 when the path ends.
 */
final class Semantics {
    private final Explorer ex;
    private final MemoryAccess memory;
    private final Branches branches;
    private final Calls calls;

    Semantics(Explorer ex) {
        this.ex = ex;
        this.memory = new MemoryAccess(ex);
        this.branches = new Branches(ex);
        this.calls = new Calls(ex, memory);
    }

    int step(State s, int pc, Explorer explorer, Explorer.Checkpoint checkpoint) throws Explorer.Stop {
        Instruction insn = ex.slot(pc);
        int code = insn.opcode();
        int cls = code & 7;
        switch (cls) {
            case 0: // LD
                if (insn.isWide()) {
                    writeDst(s, pc, insn.dst(), lddw(s, insn, pc));
                    return pc + 2;
                }
                // legacy packet loads (LD_ABS, LD_IND): r0 = unknown, r1-r5 clobbered; check_ld_abs reads
                // r6, then checks for a lock and references held, then reads LD_IND's source
                read(s, pc, 6);
                if (s.lockMap >= 0) {
                    throw Explorer.refuse(s, pc, "BPF_LD_[ABS|IND] cannot be used inside bpf_spin_lock-ed region");
                }
                if (s.refs.length > 0 && s.frames.length == 1) {
                    // check_resource_leak: a failed load ends the program, and what it holds would leak
                    // (checked in the main frame only, as check_reference_leak skips subprograms)
                    throw Explorer.refuse(s, pc, "BPF_LD_[ABS|IND] would lead to reference leak");
                }
                if ((code & 0xe0) == 0x40) {
                    read(s, pc, insn.src());
                }
                for (int r = 1; r <= 5; r++) {
                    s.set(r, Reg.NOT_INIT);
                }
                s.set(0, Reg.UNKNOWN_SCALAR);
                return pc + 1;
            case 1: { // LDX
                Reg base = read(s, pc, insn.src());
                int size = size(code);
                boolean signExtend = (code & 0xe0) == 0x80;
                Reg value = memory.access(s, pc, insn.src(), base, insn.offset(), size, false, null, signExtend);
                writeDst(s, pc, insn.dst(), value);
                return pc + 1;
            }
            case 2: { // ST
                Reg base = read(s, pc, insn.dst());
                int size = size(code);
                memory.access(s, pc, insn.dst(), base, insn.offset(), size, true, Reg.constant(insn.imm()), false);
                return pc + 1;
            }
            case 3: { // STX
                Reg base = read(s, pc, insn.dst());
                Reg value = read(s, pc, insn.src());
                int size = size(code);
                if ((code & 0xe0) == 0xc0) {
                    return atomic(s, pc, insn, base, size);
                }
                value = linkSpill(s, insn, base, size, value);
                memory.access(s, pc, insn.dst(), base, insn.offset(), size, true, value, false);
                return pc + 1;
            }
            case 4:
            case 7:
                Alu.apply(this, s, pc, insn, cls == 7);
                return pc + 1;
            default: // JMP, JMP32
                return jump(s, pc, insn, cls == 6, checkpoint);
        }
    }

    /**
     * A scalar spilled whole to an 8-byte aligned stack slot shares its identity with the register it
     * came from (check_stack_write_fixed_off's assign_scalar_id_before_mov), so that a branch on the
     * register refines the spilled copy too, and a fill gives the refined value.
     */
    private Reg linkSpill(State s, Instruction insn, Reg base, int size, Reg value) {
        if (base.kind() != Kind.STACK || size != 8 || !value.isScalar() || value.value().isConst() || value.link() != 0
                || !base.value().isConst() || !base.value().exact() || Math.floorMod(base.off() + insn.offset(), 8) != 0) {
            return value;
        }
        Reg linked = value.withLink(ex.newId());
        s.set(insn.src(), linked);
        return linked;
    }

    private int atomic(State s, int pc, Instruction insn, Reg base, int size) throws Explorer.Stop {
        int op = insn.imm();
        boolean fetch = (op & 1) != 0;
        if (op == 0xf1) { // cmpxchg reads r0 and leaves the old value in it
            read(s, pc, 0);
        }
        switch (base.kind()) {
            case CTX, PACKET, PACKET_META, SOCKET, SOCK_COMMON, TCP_SOCK ->
                throw Explorer.refuse(s, pc, "BPF_ATOMIC stores into R" + insn.dst() + " " + base.kind().logName + " is not allowed");
            default -> {
            }
        }
        memory.access(s, pc, insn.dst(), base, insn.offset(), size, false, null, false);
        memory.access(s, pc, insn.dst(), base, insn.offset(), size, true, Reg.COARSE_SCALAR, false);
        if (op == 0xf1) {
            s.set(0, Reg.COARSE_SCALAR);
        } else if (fetch) {
            writeDst(s, pc, insn.src(), Reg.COARSE_SCALAR);
        }
        return pc + 1;
    }

    private int jump(State s, int pc, Instruction insn, boolean is32, Explorer.Checkpoint checkpoint) throws Explorer.Stop {
        int op = insn.opcode() & 0xf0;
        switch (op) {
            case 0x00: // JA (gotol in JMP32)
                return pc + (is32 ? insn.imm() : insn.offset()) + 1;
            case 0x80:
                // do_check looks at the reserved fields first (a JMP32 call is not a call)
                if ((insn.opcode() & 8) != 0 || (insn.src() != 2 && insn.offset() != 0) || insn.src() > 2 || insn.dst() != 0 || is32) {
                    throw Explorer.refuse(s, pc, "BPF_CALL uses reserved fields");
                }
                return calls.call(s, pc, insn, checkpoint);
            case 0x90:
                if ((insn.opcode() & 8) != 0 || insn.imm() != 0 || insn.src() != 0 || insn.dst() != 0 || is32) {
                    throw Explorer.refuse(s, pc, "BPF_EXIT uses reserved fields");
                }
                return calls.exit(s, pc);
            case 0xe0: // may_goto (BPF_JCOND)
                if (is32 || (insn.opcode() & 8) != 0 || insn.src() != 0 || insn.dst() != 0 || insn.imm() != 0) {
                    throw Explorer.refuse(s, pc, "invalid may_goto off " + insn.offset() + " imm " + insn.imm());
                }
                // an offset of 0 is allowed (Linux 6.18 loads and runs it: both ways lead on);
                // the kernel walks both ways and prunes a loop's states against each other across
                // may_goto depths (widening imprecise scalars); not modelled, so the walk goes on uncertain
                s.certain = false;
                ex.fork(s.copy(), pc + insn.offset() + 1, checkpoint);
                return pc + 1;
            default:
                return branches.conditional(s, pc, insn, is32, checkpoint);
        }
    }

    private Reg lddw(State s, Instruction insn, int pc) throws Explorer.Stop {
        switch (insn.src()) {
            case 0:
                return Reg.constant(insn.constant());
            case 1:
            case 5:
                return insn.imm() >= 0 && insn.imm() < ex.maps.size()
                        ? new Reg(Kind.MAP_PTR, Scalar.constant(0), 0, 0, 0, insn.imm(), 0, 0, false, 0) : Reg.UNMODELLED;
            case 2:
            case 6:
                return insn.imm() >= 0 && insn.imm() < ex.maps.size()
                        ? Reg.mapValue(Kind.MAP_VALUE, insn.imm(), insn.nextImm(), 0, false) : Reg.UNMODELLED;
            case 4: // the address of a subprogram, for a callback
                int target = pc + insn.imm() + 1;
                if (target >= 0 && target < ex.cfg.subprogOf.length && ex.isGlobal(ex.cfg.subprogOf[target])) {
                    // check_ld_imm: a callback is walked in its caller's frame, which a global function never is
                    throw Explorer.refuse(s, pc, "callback function not static");
                }
                return new Reg(Kind.FUNC, Scalar.constant(0), pc + insn.imm() + 1, 0, 0, -1, 0, 0, false, 0);
            default:
                return Reg.UNMODELLED;
        }
    }

    static int size(int code) {
        return switch (code & 0x18) {
            case 0x00 -> 4;
            case 0x08 -> 2;
            case 0x10 -> 1;
            default -> 8;
        };
    }

    /** Reads a register as a source operand: the kernel's check_reg_arg(SRC_OP). */
    static Reg read(State s, int pc, int r) throws Explorer.Stop {
        if (r > 10) {
            throw Explorer.refuse(s, pc, "R" + r + " is invalid");
        }
        Reg v = s.reg(r);
        if (v.kind() == Kind.NOT_INIT) {
            throw Explorer.refuse(s, pc, "R" + r + " !read_ok");
        }
        return v;
    }

    /** Writes a destination register: the kernel's check_reg_arg(DST_OP), which refuses r10. */
    static void writeDst(State s, int pc, int r, Reg v) throws Explorer.Stop {
        if (r == 10) {
            throw Explorer.refuse(s, pc, "frame pointer is read only");
        }
        if (r > 10) {
            throw Explorer.refuse(s, pc, "R" + r + " is invalid");
        }
        s.set(r, v);
    }

    Explorer explorer() {
        return ex;
    }
}
