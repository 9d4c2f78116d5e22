package org.ebpftest.runtime.vm;

import java.util.Arrays;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.InstructionClass;
import org.ebpftest.runtime.isa.Mode;
import org.ebpftest.runtime.isa.Size;

/**
 * How many bytes below the top of its frame each function of a program can read or write, so that
 * entering it zeroes those instead of the whole 512-byte frame (a {@code bpf_loop} callback that
 * keeps nothing on its stack then costs no zeroing at all).
 *
 * <p>A function's reach is known when it uses r10 only as the base of loads and stores with
 * constant offsets inside the frame: then no pointer into its frame exists, so neither a helper,
 * a callee nor a later instruction can reach any other byte of it, and zeroing only the bytes it
 * addresses leaves it seeing exactly what a fully zeroed frame shows. Any other use of r10 (a copy,
 * arithmetic, a comparison, a store of it), an offset outside the frame, or a jump out of the
 * function, and the whole frame is zeroed.
 */
final class FrameUse {
    private FrameUse() {
    }

    /** Bytes to zero on entering the function at each slot: its reach, or the whole frame where unknown or not a function. */
    static int[] of(Instruction[] bySlot) {
        int n = bySlot.length;
        boolean[] start = new boolean[n];
        start[0] = n > 0;
        for (int pc = 0; pc < n; pc++) {
            Instruction insn = bySlot[pc];
            if (insn == null) {
                continue;
            }
            int t = -1;
            if (insn.opcode() == 0x85 && insn.src() == 1) {
                t = pc + 1 + insn.imm();
            } else if (insn.isWide() && insn.src() == 4) {
                t = pc + 1 + insn.imm();
            }
            if (t > 0 && t < n) {
                start[t] = true;
            }
        }
        int[] bytes = new int[n];
        Arrays.fill(bytes, Vm.STACK_SIZE);
        for (int from = 0; from < n; ) {
            int to = from + 1;
            while (to < n && !start[to]) {
                to++;
            }
            bytes[from] = reach(bySlot, from, to);
            from = to;
        }
        return bytes;
    }

    private static int reach(Instruction[] bySlot, int from, int to) {
        int low = 0;
        for (int pc = from; pc < to; pc++) {
            Instruction insn = bySlot[pc];
            if (insn == null) {
                continue;
            }
            InstructionClass cls = insn.instructionClass();
            if (cls == InstructionClass.JMP || cls == InstructionClass.JMP32) {
                int op = insn.opcode() & 0xf0;
                boolean call = op == 0x80;
                boolean exit = op == 0x90;
                if (!call && !exit) {
                    // gotol (JMP32 | JA) jumps by imm, every other jump by off
                    int target = pc + 1 + (insn.opcode() == 0x06 ? insn.imm() : insn.offset());
                    if (target < from || target >= to) {
                        return Vm.STACK_SIZE;
                    }
                }
                if (!call && (insn.dst() == 10 || insn.src() == 10) || call && insn.opcode() == 0x8d && insn.dst() == 10) {
                    return Vm.STACK_SIZE;
                }
                continue;
            }
            boolean memory = (cls == InstructionClass.LDX || cls == InstructionClass.ST || cls == InstructionClass.STX)
                    && Mode.of(insn.opcode()) != Mode.IMM;
            if (!memory) {
                if (insn.dst() == 10 || insn.src() == 10 && !insn.isWide()) {
                    return Vm.STACK_SIZE;
                }
                continue;
            }
            int base = cls == InstructionClass.LDX ? insn.src() : insn.dst();
            int other = cls == InstructionClass.LDX ? insn.dst() : insn.src();
            if (other == 10) {
                return Vm.STACK_SIZE;
            }
            if (base != 10) {
                continue;
            }
            int offset = insn.offset();
            int size = Size.of(insn.opcode()).bytes();
            if (offset < -Vm.STACK_SIZE || offset + size > 0) {
                return Vm.STACK_SIZE;
            }
            low = Math.min(low, offset);
        }
        return -low;
    }
}
