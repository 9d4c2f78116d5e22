package org.ebpftest.runtime.vm.jit;

import java.util.Arrays;
import org.ebpftest.runtime.isa.Operation;

/**
 * The basic blocks of a decoded program, as the compiler needs them: which slots start an
 * instruction, which start a block (so the instruction budget can be charged a block at a time),
 * how many instructions each block holds, and where compiled code may be entered.
 *
 * <p>A block ends at every jump, call, exit and legacy packet load, and before every jump target,
 * so the count is exact wherever control leaves compiled code. Each block charges its length; the
 * budget is checked only at checkpoints (entries and the slot after a helper call), against the most
 * instructions any path runs from there before the next checkpoint or exit ({@link #reach}), so
 * that no block in between can run out of budget. Entries are the slots a run may
 * start or resume at: slot 0 (a run or a tail call), the first slot of a function (a callback or a
 * bpf-to-bpf call), the slot after a bpf-to-bpf call (a frame returning) and every loop's head
 * (where a run that reached the compile threshold in the middle of a loop leaves the interpreter). Other slots are never entered, which keeps loops single-entry (at their
 * head) for the JVM's optimiser. A program compiled to several
 * methods adds entries of its own: where each method starts and where a jump from another method
 * lands.
 */
final class Blocks {
    /** No further place control goes from an instruction (see {@link #successor}). */
    private static final int NONE = Integer.MIN_VALUE;

    final boolean[] starts;
    final boolean[] leader;
    final boolean[] entry;
    /** The number of instructions in the block starting at a leader. */
    final int[] length;
    /** The number of instructions after a slot in its block. */
    final int[] after;
    /**
     * The blocks where compiled code checks the budget: every entry, and the slot after a helper
     * call (whose callbacks ran instructions of their own). Every loop's head is an entry, so every
     * path between two checkpoints is finite.
     */
    final boolean[] checkpoint;
    /**
     * For a checkpoint, the most instructions a run executes from its start before it reaches the
     * next checkpoint or leaves the program ({@link #UNBOUNDED} where a cycle without a checkpoint,
     * in code no entry reaches, makes it unknown).
     */
    final int[] reach;
    /** The reach of a checkpoint on a cycle without another checkpoint: never enough budget, so compiled code hands over to the interpreter. */
    static final int UNBOUNDED = Integer.MAX_VALUE;

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
                // a refused instruction leaves compiled code; the next instruction starts a block,
                // and that is past the second slot when the refused one is a 16-byte lddw
                leader[pc] = true;
                int following = pc + 1;
                while (following < n && !starts[following]) {
                    following++;
                }
                leader[following] = true;
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
        markLoopHeads(code, n);
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
        checkpoint = new boolean[n + 1];
        for (int pc = 0; pc < n; pc++) {
            if (entry[pc]) {
                checkpoint[pc] = true;
            }
            int op = starts[pc] ? (int) code[pc] & 0xff : ProgramCompiler.REFUSED;
            if (op != ProgramCompiler.REFUSED && ProgramCompiler.kind(ProgramCompiler.OPERATIONS[op]) == ProgramCompiler.Kind.CALL) {
                checkpoint[pc + 1] = true;
            }
        }
        reach = new int[n];
        long[] longest = new long[n];
        byte[] state = new byte[n];
        for (int pc = 0; pc < n; pc++) {
            if (checkpoint[pc] && starts[pc]) {
                long r = longestFrom(code, pc, n, longest, state);
                reach[pc] = r >= UNBOUNDED ? UNBOUNDED : (int) r;
            }
        }
    }

    /**
     * The most instructions a run executes from the block at {@code leaderPc} up to the next
     * checkpoint (not counted) or the end of the program: the block's length and the longest of
     * its successors that are not checkpoints. Memoised in {@code longest}; {@code state} marks the
     * blocks on the walk's path, where a cycle without a checkpoint makes the answer unbounded.
     */
    private long longestFrom(long[] code, int leaderPc, int n, long[] longest, byte[] state) {
        // an explicit stack of (block, successor index, best so far): a long chain of blocks must not overflow the JVM's
        int[] blocks = new int[16];
        int[] tried = new int[16];
        long[] best = new long[16];
        int top = 0;
        blocks[0] = leaderPc;
        state[leaderPc] = 1;
        long answer = 0;
        while (top >= 0) {
            int b = blocks[top];
            int last = lastSlot(b, n);
            int next = successor(code, last, tried[top]++, n);
            if (next != NONE) {
                if (next < 0 || !starts[next] || checkpoint[next]) {
                    continue;
                }
                if (state[next] == 2) {
                    best[top] = Math.max(best[top], longest[next]);
                } else if (state[next] == 1) {
                    best[top] = UNBOUNDED;
                } else {
                    if (++top == blocks.length) {
                        blocks = Arrays.copyOf(blocks, top * 2);
                        tried = Arrays.copyOf(tried, top * 2);
                        best = Arrays.copyOf(best, top * 2);
                    }
                    blocks[top] = next;
                    tried[top] = 0;
                    best[top] = 0;
                    state[next] = 1;
                }
                continue;
            }
            long total = Math.min(UNBOUNDED, length[b] + best[top]);
            longest[b] = total;
            state[b] = 2;
            top--;
            if (top >= 0) {
                best[top] = Math.max(best[top], total);
            } else {
                answer = total;
            }
        }
        // the walk never enters another checkpoint, so the blocks it memoised hold for every walk
        state[leaderPc] = 0;
        return answer;
    }

    /** The slot of the last instruction of the block that starts at {@code leaderPc}. */
    private int lastSlot(int leaderPc, int n) {
        int last = leaderPc;
        for (int pc = leaderPc + 1; pc < n && !leader[pc]; pc++) {
            if (starts[pc]) {
                last = pc;
            }
        }
        return last;
    }

    /**
     * Makes every loop's head an entry, where a long run that reached the compile threshold in the
     * interpreter continues compiled. The head is the target of a retreating edge of a depth-first
     * walk from the entries: in the reducible control flow compilers emit, the slot that dominates
     * the loop, which keeps the loop single-entry for the JVM's optimiser. (The target of a backward
     * jump is not always that slot: a rotated loop is entered by a forward jump into its middle.)
     */
    private void markLoopHeads(long[] code, int n) {
        byte[] state = new byte[n]; // 0 unvisited, 1 on the walk's path, 2 done
        int[] stack = new int[n];
        int[] tried = new int[n];
        boolean[] head = new boolean[n];
        for (int root = 0; root < n; root++) {
            if (!entry[root] || state[root] != 0) {
                continue;
            }
            int top = 0;
            stack[0] = root;
            tried[0] = 0;
            state[root] = 1;
            while (top >= 0) {
                int pc = stack[top];
                int next = successor(code, pc, tried[top]++, n);
                if (next == NONE) {
                    state[pc] = 2;
                    top--;
                } else if (next >= 0 && starts[next]) {
                    if (state[next] == 1) {
                        head[next] = true;
                    } else if (state[next] == 0) {
                        state[next] = 1;
                        stack[++top] = next;
                        tried[top] = 0;
                    }
                }
            }
        }
        for (int pc = 0; pc < n; pc++) {
            if (head[pc]) {
                entry[pc] = true;
            }
        }
    }

    /**
     * The {@code k}th place control goes from the instruction at {@code pc} within its function
     * (a call continues at the next slot; the callee is walked from its own entry), -1 for a
     * place outside the program, {@link #NONE} past the last.
     */
    private static int successor(long[] code, int pc, int k, int n) {
        int op = (int) code[pc] & 0xff;
        if (op == ProgramCompiler.REFUSED || k > 1) {
            return NONE;
        }
        Operation o = ProgramCompiler.OPERATIONS[op];
        int next = pc + (o == Operation.LDDW ? 2 : 1);
        int out = switch (ProgramCompiler.kind(o)) {
            case EXIT -> NONE;
            case JUMP -> {
                int target = pc + 1 + target(o, code[pc]);
                boolean always = o == Operation.JA || o == Operation.JA32;
                if (always) {
                    yield k == 0 ? target : NONE;
                }
                yield k == 0 ? next : target;
            }
            default -> k == 0 ? next : NONE;
        };
        return out == NONE || (out >= 0 && out < n) ? out : -1;
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
