package org.ebpftest.runtime.vm.jit;

import org.ebpftest.runtime.isa.Operation;

/**
 * The basic blocks of a decoded program, as the compiler needs them: which slots start an
 * instruction, which start a block (so the instruction budget can be charged a block at a time),
 * how many instructions each block holds, and where compiled code may be entered.
 *
 * <p>A block ends at every jump, call, exit and legacy packet load, and before every jump target,
 * so the count is exact wherever control leaves compiled code. Entries are the slots a run may
 * start or resume at: slot 0 (a run or a tail call), the first slot of a function (a callback or a
 * bpf-to-bpf call) and the slot after a bpf-to-bpf call (a frame returning). Other slots are never
 * entered, which keeps loops single-entry for the JVM's optimiser. A program compiled to several
 * methods adds entries of its own: where each method starts and where a jump from another method
 * lands.
 */
final class Blocks {
    final boolean[] starts;
    final boolean[] leader;
    final boolean[] entry;
    /** The number of instructions in the block starting at a leader. */
    final int[] length;
    /** The number of instructions after a slot in its block. */
    final int[] after;

    Blocks(long[] code, long[] constants, boolean[] starts, long codeBase, boolean[] extraEntries) {
        int n = code.length;
        this.starts = starts;
        leader = new boolean[n + 1];
        entry = new boolean[n + 1];
        length = new int[n];
        after = new int[n];
        leader[0] = true;
        entry[0] = true;
        for (int pc = 0; pc < n; pc++) {
            if (!starts[pc]) {
                continue;
            }
            long x = code[pc];
            int op = (int) x & 0xff;
            if (op == ProgramCompiler.REFUSED) {
                leader[pc] = true;
                leader[pc + 1] = true;
                continue;
            }
            Operation o = ProgramCompiler.OPERATIONS[op];
            int next = pc + (o == Operation.LDDW ? 2 : 1);
            switch (ProgramCompiler.kind(o)) {
                case JUMP -> {
                    mark(leader, pc + 1 + target(o, x), n);
                    leader[next] = true;
                }
                case CALL_LOCAL -> {
                    int target = pc + 1 + (int) (x >> 32);
                    mark(leader, target, n);
                    mark(entry, target, n);
                    leader[next] = true;
                    entry[next] = true;
                }
                case CALLX -> {
                    leader[next] = true;
                    entry[next] = true;
                }
                case CALL, EXIT, LEGACY -> leader[next] = true;
                default -> {
                }
            }
            if (o == Operation.LDDW) {
                // A function address (a callback, a callx target) is an entry.
                long rel = constants[pc] - codeBase;
                if (rel >= 0 && (rel & 7) == 0 && rel / 8 < n && starts[(int) (rel / 8)]) {
                    mark(entry, (int) (rel / 8), n);
                }
            }
        }
        for (int pc = 0; pc < n; pc++) {
            if (extraEntries != null && extraEntries[pc]) {
                entry[pc] = true;
            }
            if (entry[pc]) {
                leader[pc] = true;
            }
        }
        int block = -1;
        for (int pc = 0; pc < n; pc++) {
            if (!starts[pc]) {
                continue;
            }
            if (leader[pc]) {
                block = pc;
            }
            length[block]++;
        }
        for (int pc = n - 1, since = 0; pc >= 0; pc--) {
            if (!starts[pc]) {
                continue;
            }
            after[pc] = since;
            since = leader[pc] ? 0 : since + 1;
        }
    }

    /**
     * Where control may go from an instruction other than to the next slot: a jump's target or a
     * bpf-to-bpf call's callee; -1 for any other instruction.
     */
    static int branchTarget(long x, int pc) {
        int op = (int) x & 0xff;
        if (op == ProgramCompiler.REFUSED) {
            return -1;
        }
        Operation o = ProgramCompiler.OPERATIONS[op];
        return switch (ProgramCompiler.kind(o)) {
            case JUMP -> pc + 1 + target(o, x);
            case CALL_LOCAL -> pc + 1 + (int) (x >> 32);
            default -> -1;
        };
    }

    /** The jump distance of a jump: imm for {@code gotol}, off for every other. */
    static int target(Operation o, long x) {
        return o == Operation.JA32 ? (int) (x >> 32) : (short) (x >>> 16);
    }

    private static void mark(boolean[] flags, int pc, int n) {
        if (pc >= 0 && pc < n) {
            flags[pc] = true;
        }
    }
}
