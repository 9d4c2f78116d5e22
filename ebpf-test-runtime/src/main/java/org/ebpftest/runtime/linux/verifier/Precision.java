package org.ebpftest.runtime.linux.verifier;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.ebpftest.runtime.isa.Instruction;

/**
 * Which scalars must match for a state to be pruned: the kernel's precision tracking
 * ({@code mark_chain_precision}), kept per instruction instead of per state. A scalar becomes
 * precise where its value decides something the kernel checks: it is added to a pointer, a branch
 * is decided by it, it is a helper's argument or a returned value that must lie in a range. From
 * there the need goes backwards through the instructions that computed it (a move, arithmetic, a
 * spill to and a fill from an 8-byte stack slot addressed through r10), as the kernel's backtracking
 * does; a load from elsewhere, a constant or a call ends it.
 *
 * <p>Unlike the kernel, which backtracks along the one path that reached the use, the need is
 * marked on every path into the instruction, so it is never smaller than the kernel's when the
 * same uses were seen. A use is recorded on every path walked, certain or not, so a finished
 * state's subtree has recorded all the uses below it by the time a new state is compared with it.
 */
final class Precision {
    private final Cfg cfg;
    /** The registers whose scalar values must be covered, before each instruction (bit n for rn). */
    private final int[] regs;
    /** The current frame's 8-byte stack slots whose scalar values must be covered, before each instruction. */
    private final long[] slots;
    private final int[][] predecessors;
    /** Every 8-byte slot of a frame's stack. */
    private static final long ALL_SLOTS = State.STACK_SIZE / 8 >= 64 ? -1L : (1L << (State.STACK_SIZE / 8)) - 1;

    Precision(Cfg cfg) {
        this.cfg = cfg;
        int n = cfg.slots.length;
        this.regs = new int[n];
        this.slots = new long[n];
        List<List<Integer>> preds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            preds.add(new ArrayList<>());
        }
        for (int pc = 0; pc < n; pc++) {
            if (cfg.slots[pc] != null) {
                for (int next : Liveness.successors(cfg.slots[pc], pc, cfg)) {
                    if (next >= 0 && next < n) {
                        preds.get(next).add(pc);
                    }
                }
            }
        }
        this.predecessors = new int[n][];
        for (int i = 0; i < n; i++) {
            predecessors[i] = preds.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
    }

    int regs(int pc) {
        return regs[pc];
    }

    long slots(int pc) {
        return slots[pc];
    }

    /** Records that the instruction at pc uses register r's scalar value precisely. */
    void use(int pc, int r) {
        if (r >= 0 && r < 10) {
            need(pc, 1 << r, 0);
        }
    }

    /**
     * Records that the instruction at pc may use every stack slot of its frame's scalars precisely:
     * a bpf-to-bpf call given a pointer into the stack, whose callee's uses are not followed back.
     */
    void useAllSlots(int pc) {
        need(pc, 0, ALL_SLOTS);
    }

    private void need(int pc, int r, long s) {
        Deque<long[]> work = new ArrayDeque<>();
        work.push(new long[] {pc, r, s});
        while (!work.isEmpty()) {
            long[] w = work.pop();
            int at = (int) w[0];
            int newRegs = (int) w[1] & ~regs[at];
            long newSlots = w[2] & ~slots[at];
            if (newRegs == 0 && newSlots == 0) {
                continue;
            }
            regs[at] |= newRegs;
            slots[at] |= newSlots;
            for (int p : predecessors[at]) {
                long[] before = backwards(cfg.slots[p], newRegs, newSlots);
                if (before[0] != 0 || before[1] != 0) {
                    work.push(new long[] {p, before[0], before[1]});
                }
            }
        }
    }

    /** What must be precise before an instruction for the given registers and slots to be precise after it. */
    private static long[] backwards(Instruction insn, int r, long s) {
        int cls = insn.opcode() & 7;
        int op = insn.opcode() & 0xf0;
        int dst = 1 << insn.dst();
        boolean x = (insn.opcode() & 0x08) != 0;
        switch (cls) {
            case 0 -> {
                if (insn.isWide() || (insn.opcode() & 0xe0) == 0x20 || (insn.opcode() & 0xe0) == 0x40) {
                    return new long[] {r & ~(insn.isWide() ? dst : 0x3f), s};
                }
            }
            case 1 -> {
                if ((r & dst) != 0) {
                    int slot = stackSlot(insn, insn.src());
                    if (slot < 0 && insn.src() != 10) {
                        // a load through another register may read a stack slot this pass cannot
                        // name (the base may point into the stack): every slot is taken as precise
                        return new long[] {r & ~dst, ALL_SLOTS};
                    }
                    return new long[] {r & ~dst, slot >= 0 ? s | 1L << slot : s};
                }
            }
            case 2, 3 -> {
                int slot = stackSlot(insn, insn.dst());
                if (slot >= 0 && (s & 1L << slot) != 0) {
                    if (cls == 3 && (insn.opcode() & 0xe0) == 0xc0) {
                        // an atomic operation combines the slot with the source register
                        return new long[] {r | 1 << insn.src(), s};
                    }
                    return new long[] {cls == 3 ? r | 1 << insn.src() : r, s & ~(1L << slot)};
                }
            }
            case 4, 7 -> {
                if ((r & dst) != 0) {
                    if (op == 0xb0) {
                        return new long[] {(r & ~dst) | (x ? 1 << insn.src() : 0), s};
                    }
                    return new long[] {r | (x && op != 0xd0 ? 1 << insn.src() : 0), s};
                }
            }
            default -> {
                if (op == 0x80) {
                    if ((r & 1) != 0 && insn.src() == 1) {
                        // what a bpf-to-bpf callee returned is not followed into it: the arguments it
                        // was given and every stack slot it could read through them are taken as precise
                        return new long[] {(r & ~0x3f) | 0x3e, ALL_SLOTS};
                    }
                    if ((r & 1) != 0 && insn.src() == 2) {
                        // a kfunc's result may follow from its arguments, whose prototypes are not read here
                        return new long[] {(r & ~0x3f) | 0x3e, s};
                    }
                    // a helper's r0 follows from its arguments, which are precise at the call already
                    return new long[] {r & ~0x3f, s};
                }
            }
        }
        return new long[] {r, s};
    }

    /** The 8-byte slot an aligned 8-byte access through r10 touches, or -1. */
    private static int stackSlot(Instruction insn, int base) {
        int size = insn.opcode() & 0x18;
        if (base != 10 || size != 0x18 || insn.offset() >= 0 || insn.offset() < -State.STACK_SIZE || insn.offset() % 8 != 0) {
            return -1;
        }
        return (insn.offset() + State.STACK_SIZE) / 8;
    }
}
