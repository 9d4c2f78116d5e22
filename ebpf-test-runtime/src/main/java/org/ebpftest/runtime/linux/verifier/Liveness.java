package org.ebpftest.runtime.linux.verifier;

import org.ebpftest.runtime.isa.Instruction;

/**
 * Which registers each instruction may still read before writing them, on some path through its
 * subprogram: the kernel's {@code compute_live_registers} (Linux 6.15 and later), a backward
 * data-flow over the program's instructions. A register that is dead at a prune point cannot
 * influence anything the path does from there, so states that differ only in dead registers are
 * equivalent ({@code clean_func_state} marks them not initialised before comparing).
 *
 * <p>The sets are over-approximations: a helper whose prototype is not known reads r1-r5, an
 * atomic operation reads r0 only when it is a compare-and-exchange, and nothing that only might be
 * written is counted as written. Treating a dead register as live can only keep a state from
 * being pruned, never prune one wrongly.
 */
final class Liveness {
    private static final int CALLER_SAVED = 0x3f;
    private static final int ARGS = 0x3e;

    /** The registers live before each slot, as a bit mask (bit n for rn). */
    private final int[] before;

    private Liveness(int[] before) {
        this.before = before;
    }

    /** The registers live before the instruction at pc. */
    int before(int pc) {
        return before[pc];
    }

    /**
     * The registers of a caller's frame that matter while a callee runs: those live once the call
     * returns, less r0-r5, which the return overwrites.
     */
    int afterCall(int callsite) {
        return callsite + 1 < before.length ? before[callsite + 1] & ~CALLER_SAVED : 0;
    }

    static Liveness of(Cfg cfg) {
        Instruction[] slots = cfg.slots;
        int n = slots.length;
        int[] use = new int[n];
        int[] def = new int[n];
        for (int pc = 0; pc < n; pc++) {
            if (slots[pc] != null) {
                useAndDef(slots[pc], pc, use, def);
            }
        }
        int[] live = new int[n];
        boolean changed = true;
        while (changed) {
            changed = false;
            // backwards, so that straight-line code settles in one pass
            for (int pc = n - 1; pc >= 0; pc--) {
                Instruction insn = slots[pc];
                if (insn == null) {
                    continue;
                }
                int out = 0;
                for (int next : successors(insn, pc, cfg)) {
                    if (next >= 0 && next < n) {
                        out |= live[next];
                    }
                }
                int in = use[pc] | (out & ~def[pc]);
                if (in != live[pc]) {
                    live[pc] = in;
                    changed = true;
                }
            }
        }
        return new Liveness(live);
    }

    /** The instructions that may follow pc within its subprogram (a bpf-to-bpf call returns to pc + 1). */
    static int[] successors(Instruction insn, int pc, Cfg cfg) {
        int cls = insn.opcode() & 7;
        int op = insn.opcode() & 0xf0;
        int end = cfg.subprogOf.length;
        if (cls == 5 || cls == 6) {
            if (op == 0x90) {
                return new int[0];
            }
            if (op == 0x80) {
                return new int[] {pc + 1};
            }
            if (op == 0x00) {
                return new int[] {pc + (cls == 6 ? insn.imm() : insn.offset()) + 1};
            }
            return new int[] {pc + 1, pc + insn.offset() + 1};
        }
        return insn.isWide() ? new int[] {pc + 2 < end ? pc + 2 : -1} : new int[] {pc + 1};
    }

    private static void useAndDef(Instruction insn, int pc, int[] use, int[] def) {
        int cls = insn.opcode() & 7;
        int op = insn.opcode() & 0xf0;
        int dst = 1 << insn.dst();
        int src = 1 << insn.src();
        boolean x = (insn.opcode() & 0x08) != 0;
        switch (cls) {
            case 0 -> {
                int mode = insn.opcode() & 0xe0;
                if (insn.isWide()) {
                    def[pc] = dst;
                } else if (mode == 0x20 || mode == 0x40) {
                    // LD_ABS / LD_IND read the context from r6 and clobber r0-r5
                    use[pc] = 1 << 6 | (mode == 0x40 ? src : 0);
                    def[pc] = CALLER_SAVED;
                } else {
                    use[pc] = src | dst;
                }
            }
            case 1 -> {
                use[pc] = src;
                def[pc] = dst;
            }
            case 2 -> use[pc] = dst;
            case 3 -> {
                boolean atomic = (insn.opcode() & 0xe0) == 0xc0;
                use[pc] = dst | src | (atomic && insn.imm() == 0xf1 ? 1 : 0);
            }
            case 4, 7 -> {
                if (op == 0xb0) {
                    use[pc] = x ? src : 0;
                } else if (op == 0x80 || op == 0xd0) {
                    use[pc] = dst;
                } else {
                    use[pc] = dst | (x ? src : 0);
                }
                def[pc] = dst;
            }
            default -> {
                if (op == 0x90) {
                    use[pc] = 1;
                } else if (op == 0x80) {
                    use[pc] = callArgs(insn);
                    def[pc] = CALLER_SAVED;
                } else if (op != 0x00 && !(cls == 5 && op == 0xe0)) {
                    use[pc] = dst | (x ? src : 0);
                }
            }
        }
    }

    /** r1 up to the last argument a helper reads; every argument register for calls of other kinds. */
    private static int callArgs(Instruction insn) {
        if (insn.src() == 0) {
            HelperProtos.Proto proto = HelperProtos.proto(insn.imm());
            if (proto != null && proto.args() >= 0) {
                return ARGS & ((1 << (proto.args() + 1)) - 1);
            }
        }
        return ARGS;
    }
}
