package org.ebpftest.runtime.linux.helpers;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.Deque;
import java.util.Map;
import java.util.WeakHashMap;
import org.ebpftest.runtime.isa.AluOp;
import org.ebpftest.runtime.isa.CallKind;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.InstructionClass;
import org.ebpftest.runtime.isa.JumpOp;
import org.ebpftest.runtime.isa.PseudoSource;
import org.ebpftest.runtime.vm.Program;

/**
 * Which {@code bpf_loop} calls the kernel's verifier replaces by an inlined loop (verifier.c
 * optimize_bpf_loop): those where, on every path that reaches the call, the flags (r4) are a known
 * 0 and the callback (r2) is the same function. The inlined loop differs from the helper where the
 * program can see it: it compares all 64 bits of r1 with the limit, and reports too many loops as
 * the 32-bit {@code -E2BIG} (r0 = 0xfffffff9) where the helper answers the 64-bit -7.
 *
 * <p>The kernel decides from its verifier's register states. This is a smaller constant
 * propagation over every path of the program: it knows registers set from constants, copies of
 * them, 64-bit constants and function addresses, and the register a taken {@code ==} or untaken
 * {@code !=} test pins; it forgets what goes through the stack, what arithmetic makes and what
 * a called function receives, and it follows both sides of every branch the constants do not
 * decide. Where it knows less than the verifier, the call is not inlined (LINUX.md, Deviations).
 */
public final class LoopInlining {
    /** BPF_FUNC_loop. */
    public static final int BPF_LOOP = 181;

    private static final Map<Program, BitSet> INLINED = Collections.synchronizedMap(new WeakHashMap<>());

    /** What is known of a register: nothing, a constant, or the address of the function at a pc. */
    private record Value(boolean known, boolean function, long value) {
        static final Value UNKNOWN = new Value(false, false, 0);

        static Value constant(long v) {
            return new Value(true, false, v);
        }

        static Value functionAt(int pc) {
            return new Value(true, true, pc);
        }

        Value join(Value other) {
            return equals(other) ? this : UNKNOWN;
        }

        boolean isConstant() {
            return known && !function;
        }
    }

    private LoopInlining() {
    }

    /** True when the kernel would inline the {@code bpf_loop} call at this pc of the program. */
    static boolean inlinedAt(Program program, int pc) {
        return INLINED.computeIfAbsent(program, LoopInlining::analyse).get(pc);
    }

    private static BitSet analyse(Program program) {
        int n = program.slotCount();
        Value[][] in = new Value[n][];
        Deque<Integer> work = new ArrayDeque<>();
        enter(in, work, 0, unknownRegisters());
        for (int pc = 0; pc < n; pc++) {
            // callees and callbacks start with nothing known, as this analysis follows no arguments
            Instruction insn = program.instructionAt(pc);
            if (insn != null && isLocalCall(insn)) {
                enter(in, work, pc + 1 + insn.imm(), unknownRegisters());
            } else if (insn != null && insn.isWide() && insn.src() == PseudoSource.FUNC.code()) {
                enter(in, work, pc + 1 + insn.imm(), unknownRegisters());
            }
        }
        while (!work.isEmpty()) {
            int pc = work.pop();
            step(program, pc, in[pc].clone(), in, work);
        }
        BitSet inlined = new BitSet(n);
        for (int pc = 0; pc < n; pc++) {
            Instruction insn = program.instructionAt(pc);
            if (in[pc] != null && isLoopCall(insn)) {
                Value flags = in[pc][4];
                Value callback = in[pc][2];
                if (flags.isConstant() && flags.value() == 0 && callback.function()) {
                    inlined.set(pc);
                }
            }
        }
        return inlined;
    }

    private static boolean isLoopCall(Instruction insn) {
        return insn != null && insn.opcode() == (InstructionClass.JMP.code() | JumpOp.CALL.code()) && insn.src() == CallKind.HELPER.code()
                && insn.imm() == BPF_LOOP;
    }

    private static boolean isLocalCall(Instruction insn) {
        return insn.opcode() == (InstructionClass.JMP.code() | JumpOp.CALL.code()) && insn.src() == CallKind.LOCAL.code();
    }

    private static Value[] unknownRegisters() {
        Value[] r = new Value[11];
        Arrays.fill(r, Value.UNKNOWN);
        return r;
    }

    /** Joins a state into what is known at a pc, queueing the pc when that changed. */
    private static void enter(Value[][] in, Deque<Integer> work, int pc, Value[] regs) {
        if (pc < 0 || pc >= in.length) {
            return;
        }
        if (in[pc] == null) {
            in[pc] = regs.clone();
            work.push(pc);
            return;
        }
        boolean changed = false;
        for (int i = 0; i < regs.length; i++) {
            Value j = in[pc][i].join(regs[i]);
            if (!j.equals(in[pc][i])) {
                in[pc][i] = j;
                changed = true;
            }
        }
        if (changed) {
            work.push(pc);
        }
    }

    private static void step(Program program, int pc, Value[] r, Value[][] in, Deque<Integer> work) {
        Instruction insn = program.instructionAt(pc);
        if (insn == null || program.refusalAt(pc) != null) {
            // a run that reaches an instruction the verifier refuses traps there: no path goes on
            return;
        }
        int next = pc + insn.slots();
        int cls = insn.opcode() & 0x07;
        boolean register = (insn.opcode() & 0x08) != 0;
        if (cls == InstructionClass.ALU64.code() || cls == InstructionClass.ALU.code()) {
            alu(insn, cls == InstructionClass.ALU64.code(), register, r);
        } else if (cls == InstructionClass.LD.code()) {
            if (insn.isWide()) {
                r[insn.dst()] = switch (PseudoSource.of(insn.src())) {
                    case IMM64 -> Value.constant(insn.constant());
                    case FUNC -> Value.functionAt(pc + 1 + insn.imm());
                    default -> Value.UNKNOWN;
                };
            } else {
                clobberCallerSaved(r); // legacy packet loads clobber r0 to r5
            }
        } else if (cls == InstructionClass.LDX.code()) {
            r[insn.dst()] = Value.UNKNOWN;
        } else if (cls == InstructionClass.STX.code() && (insn.opcode() & 0xe0) == 0xc0) {
            // atomics: fetching forms write the source register, cmpxchg writes r0
            if ((insn.imm() & 0x01) != 0) {
                r[insn.src()] = Value.UNKNOWN;
            }
            r[0] = insn.imm() == 0xf1 ? Value.UNKNOWN : r[0];
        } else if (cls == InstructionClass.JMP.code() || cls == InstructionClass.JMP32.code()) {
            jump(insn, pc, cls == InstructionClass.JMP.code(), register, r, in, work);
            return;
        }
        enter(in, work, next, r);
    }

    private static void alu(Instruction insn, boolean wide, boolean register, Value[] r) {
        int d = insn.dst();
        AluOp op = AluOp.of(insn.opcode());
        Value src = register ? r[insn.src()] : Value.constant(wide ? insn.imm() : insn.imm() & 0xffffffffL);
        Value result = Value.UNKNOWN;
        if (op == AluOp.MOV && insn.offset() == 0) {
            result = wide || src.isConstant() ? src : Value.UNKNOWN;
            if (!wide && result.isConstant()) {
                result = Value.constant(result.value() & 0xffffffffL);
            }
        } else if ((op == AluOp.AND || op == AluOp.MUL) && src.isConstant() && src.value() == 0) {
            result = Value.constant(0);
        } else if ((op == AluOp.XOR || op == AluOp.SUB) && register && insn.src() == d) {
            result = Value.constant(0);
        }
        r[d] = result;
    }

    private static void jump(Instruction insn, int pc, boolean wide, boolean register, Value[] r, Value[][] in, Deque<Integer> work) {
        JumpOp op = JumpOp.of(insn.opcode());
        int next = pc + 1;
        switch (op) {
            case EXIT -> {
            }
            case JA -> enter(in, work, next + (wide ? insn.offset() : insn.imm()), r);
            case CALL -> {
                clobberCallerSaved(r);
                enter(in, work, next, r);
            }
            default -> {
                int target = next + insn.offset();
                Value a = r[insn.dst()];
                Value b = register ? r[insn.src()] : Value.constant(insn.imm());
                boolean decided = wide && a.isConstant() && b.isConstant() && (op == JumpOp.JEQ || op == JumpOp.JNE);
                if (decided) {
                    boolean equal = a.value() == b.value();
                    enter(in, work, equal == (op == JumpOp.JEQ) ? target : next, r);
                    return;
                }
                Value[] whenEqual = r.clone();
                if (wide && b.isConstant() && (op == JumpOp.JEQ || op == JumpOp.JNE)) {
                    whenEqual[insn.dst()] = b;
                }
                enter(in, work, target, op == JumpOp.JEQ && wide ? whenEqual : r);
                enter(in, work, next, op == JumpOp.JNE && wide ? whenEqual : r);
            }
        }
    }

    private static void clobberCallerSaved(Value[] r) {
        for (int i = 0; i <= 5; i++) {
            r[i] = Value.UNKNOWN;
        }
    }
}
