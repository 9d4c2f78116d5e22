package org.ebpftest.runtime.linux.helpers;

import org.ebpftest.runtime.vm.Program;

/**
 * {@code bpf_tail_call} ({@link HelperId#TAIL_CALL}) against a {@link ProgramArrayLookup}: jumps into the target
 * program with the same context, at most {@link #MAX_TAIL_CALL_CNT} times per run; a missing entry
 * or the limit makes the call fall through to the next instruction with r0 unchanged, as in the
 * kernel's interpreter.
 */
public final class TailCalls {
    /** The kernel's limit on chained tail calls in one run. */
    public static final int MAX_TAIL_CALL_CNT = 33;

    private TailCalls() {
    }

    /** The bpf_tail_call helper over program arrays found through {@code lookup}. */
    public static LinuxHelper helper(ProgramArrayLookup lookup) {
        return (run, ctx, map, index, r4, r5) -> {
            long r0 = run.vm().execution().register(0);
            if (run.vm().tailCallCount() >= MAX_TAIL_CALL_CNT) {
                return r0;
            }
            Program target = lookup.lookup(map, index & 0xffffffffL);
            if (target != null) {
                run.vm().requestTailCall(target);
            }
            return r0;
        };
    }
}
