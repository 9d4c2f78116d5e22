package org.ebpftest.runtime.linux.verifier;

import java.util.List;
import java.util.TreeSet;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.linux.helpers.HelperId;

/**
 * The program's structure, checked before any path is walked, as the kernel's
 * {@code check_subprogs} and {@code check_cfg} do: subprogram boundaries (the entry and every
 * bpf-to-bpf call or function-pointer target), jumps that leave their subprogram or land inside a
 * 16-byte load, a subprogram whose last instruction neither exits nor jumps, and the prune points
 * (jump targets and the instructions after branches and calls) where states are compared.
 */
final class Cfg {
    final Instruction[] slots;
    final int[] subprogStarts;
    /** The subprogram each slot belongs to. */
    final int[] subprogOf;
    final boolean[] prunePoint;

    private Cfg(Instruction[] slots, int[] starts, int[] subprogOf, boolean[] prunePoint) {
        this.slots = slots;
        this.subprogStarts = starts;
        this.subprogOf = subprogOf;
        this.prunePoint = prunePoint;
    }

    /** A structural refusal: the kernel's message and the pc it names. */
    static final class StructureError extends Exception {
        private static final long serialVersionUID = 1L;
        final int pc;

        StructureError(int pc, String message) {
            super(message, null, false, false);
            this.pc = pc;
        }
    }

    static Cfg of(List<Instruction> instructions) throws StructureError {
        int count = instructions.stream().mapToInt(Instruction::slots).sum();
        Instruction[] slots = new Instruction[count];
        int pc = 0;
        for (Instruction insn : instructions) {
            slots[pc] = insn;
            pc += insn.slots();
        }
        if (count == 0) {
            throw new StructureError(0, "last insn is not an exit or jmp");
        }
        TreeSet<Integer> starts = new TreeSet<>();
        starts.add(0);
        for (int i = 0; i < count; i++) {
            Instruction insn = slots[i];
            if (insn == null) {
                continue;
            }
            boolean pseudoCall = insn.opcode() == 0x85 && insn.src() == 1;
            boolean funcAddress = insn.isWide() && insn.src() == 4;
            if (pseudoCall || funcAddress) {
                int target = i + insn.imm() + 1;
                if (target < 0 || target >= count) {
                    throw new StructureError(i, "jump out of range from insn " + i + " to " + target);
                }
                starts.add(target);
            }
        }
        int[] startArray = starts.stream().mapToInt(Integer::intValue).toArray();
        int[] subprogOf = new int[count];
        for (int s = 0; s < startArray.length; s++) {
            int end = s + 1 < startArray.length ? startArray[s + 1] : count;
            for (int i = startArray[s]; i < end; i++) {
                subprogOf[i] = s;
            }
        }
        boolean[] prune = new boolean[count];
        for (int s = 0; s < startArray.length; s++) {
            int start = startArray[s];
            int end = s + 1 < startArray.length ? startArray[s + 1] : count;
            for (int i = start; i < end; i++) {
                Instruction insn = slots[i];
                if (insn == null) {
                    continue;
                }
                int cls = insn.opcode() & 7;
                int op = insn.opcode() & 0xf0;
                if ((cls == 5 || cls == 6) && op != 0x80 && op != 0x90) {
                    int target = i + (cls == 6 && op == 0 ? insn.imm() : insn.offset()) + 1;
                    if (target < start || target >= end) {
                        throw new StructureError(i, "jump out of range from insn " + i + " to " + target);
                    }
                    if (slots[target] == null) {
                        throw new StructureError(i, "jump into the middle of ldimm64 insn " + (target - 1));
                    }
                    prune[target] = true;
                    if (op != 0 && i + 1 < end) {
                        prune[i + 1] = true;
                    }
                }
                if (cls == 5 && op == 0x80 && insn.src() == 0 && insn.imm() == HelperId.TIMER_SET_CALLBACK.id()) {
                    // as the kernel marks it: the state is checked before the call pushes the callback's
                    // walk, so that callbacks setting each other as callbacks are walked a finite number of times
                    prune[i] = true;
                }
                if (cls == 5 && op == 0x80 && i + 1 < end) {
                    prune[i + 1] = true;
                }
            }
            int last = end - 1;
            Instruction lastInsn = slots[last] != null ? slots[last] : slots[last - 1];
            int lastOp = lastInsn.opcode();
            boolean exitOrJump = lastOp == 0x95 || lastOp == 0x05 || lastOp == 0x06;
            if (!exitOrJump || slots[last] == null) {
                throw new StructureError(last, "last insn is not an exit or jmp");
            }
        }
        int unreachable = firstUnreachable(slots);
        if (unreachable >= 0) {
            throw new StructureError(unreachable, "unreachable insn " + unreachable);
        }
        return new Cfg(slots, startArray, subprogOf, prune);
    }

    /** check_cfg: every instruction must be reachable from the entry along some edge (both sides of every branch). */
    private static int firstUnreachable(Instruction[] slots) {
        boolean[] seen = new boolean[slots.length];
        int[] work = new int[slots.length];
        int top = 0;
        work[top++] = 0;
        seen[0] = true;
        while (top > 0) {
            int pc = work[--top];
            Instruction insn = slots[pc];
            int cls = insn.opcode() & 7;
            int op = insn.opcode() & 0xf0;
            int[] next;
            if (cls == 5 || cls == 6) {
                if (op == 0x90) {
                    next = new int[0];
                } else if (op == 0x80) {
                    next = insn.src() == 1 ? new int[] {pc + 1, pc + insn.imm() + 1} : new int[] {pc + 1};
                } else if (op == 0x00) {
                    next = new int[] {pc + (cls == 6 ? insn.imm() : insn.offset()) + 1};
                } else {
                    next = new int[] {pc + 1, pc + insn.offset() + 1};
                }
            } else if (insn.isWide()) {
                next = insn.src() == 4 ? new int[] {pc + 2, pc + insn.imm() + 1} : new int[] {pc + 2};
            } else {
                next = new int[] {pc + 1};
            }
            for (int n : next) {
                if (n >= 0 && n < slots.length && slots[n] != null && !seen[n]) {
                    seen[n] = true;
                    work[top++] = n;
                }
            }
        }
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != null && !seen[i]) {
                return i;
            }
        }
        return -1;
    }
}
