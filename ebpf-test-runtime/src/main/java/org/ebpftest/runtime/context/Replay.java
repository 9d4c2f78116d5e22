package org.ebpftest.runtime.context;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ebpftest.runtime.linux.helpers.HelperInterceptor;
import org.ebpftest.runtime.linux.helpers.HelperNames;
import org.ebpftest.runtime.linux.KernelRun;
import org.ebpftest.runtime.linux.helpers.LinuxHelper;
import org.ebpftest.runtime.vm.MemoryFault;
import org.ebpftest.runtime.vm.TrapException;

/**
 * Answers the helper calls of one run of a captured context from its recordings: the n-th call
 * to a helper gets the n-th recorded result for that helper (r0, and bytes written through the
 * pointer arguments). A fresh one per run, as the call counts start from zero.
 */
final class Replay implements HelperInterceptor {
    /**
     * Helpers whose effect is on state the emulator keeps (maps, the packet and its metadata,
     * redirects, tail calls, output records, spin locks) or that call back into the program. A
     * recorded r0 cannot reproduce that, and for the map helpers it is a kernel pointer, so these
     * always run in the emulator and their recorded calls are not used. mimic keeps a list of the
     * same kind.
     */
    static final Set<Integer> ALWAYS_EMULATED = Set.of(
            1, 2, 3, 6, 9, 10, 11, 12, 13, 18, 19, 21, 23, 25, 31, 32, 38, 39, 40, 41, 43, 44, 48, 50, 51, 54, 65,
            87, 88, 89, 93, 94, 130, 131, 132, 133, 134, 135, 152, 155, 164, 177, 181, 190, 195);

    private final CapturedContext captured;
    private final ReplayMode mode;
    private final Map<Integer, Integer> made = new HashMap<>();

    Replay(CapturedContext captured, ReplayMode mode) {
        this.captured = captured;
        this.mode = mode;
    }

    @Override
    public long call(KernelRun run, int id, LinuxHelper emulated, long r1, long r2, long r3, long r4, long r5) {
        if (!ALWAYS_EMULATED.contains(id)) {
            int n = made.merge(id, 1, Integer::sum);
            List<CapturedContext.RecordedCall> recorded = captured.calls(id);
            if (n <= recorded.size()) {
                return replay(run, n, recorded.get(n - 1), new long[] {r1, r2, r3, r4, r5});
            }
            if (mode == ReplayMode.FAIL) {
                throw run.trap(TrapException.Kind.UNRECORDED, "call #" + n + " to " + helper(id) + " was not recorded: " + which()
                        + " has " + (recorded.isEmpty() ? "no calls to it" + others() : calls(recorded.size()) + " to it")
                        + "; replay with ReplayMode.EMULATE to let the emulator answer it");
            }
        }
        if (emulated == null) {
            throw run.trap(TrapException.Kind.UNSUPPORTED, helper(id) + " is neither recorded in " + which()
                    + " nor emulated; record it, or provide it with LinuxEnvironment.override");
        }
        return emulated.call(run, r1, r2, r3, r4, r5);
    }

    private long replay(KernelRun run, int n, CapturedContext.RecordedCall call, long[] args) {
        long r0 = 0;
        for (CapturedContext.RegisterValue result : call.results()) {
            if (result instanceof CapturedContext.Scalar s) {
                r0 = s.value();
            } else {
                CapturedContext.Bytes b = (CapturedContext.Bytes) result;
                try {
                    run.vm().memory().write(args[b.register() - 1], b.data());
                } catch (MemoryFault f) {
                    throw run.trap(TrapException.Kind.MEMORY, "replaying call #" + n + " to " + helper(call.helper()) + " from " + which()
                            + ": cannot write its " + b.data().length + " recorded bytes through r" + b.register() + ": " + f.detail());
                }
            }
        }
        return r0;
    }

    private String which() {
        return "captured context [" + captured.name() + "] in [" + captured.source() + "]";
    }

    private String others() {
        return captured.helperCalls().isEmpty() ? " (it has no helper calls)" : " (it has " + captured.describeCalls() + ")";
    }

    private static String calls(int n) {
        return n == 1 ? "1 call" : n + " calls";
    }

    private static String helper(int id) {
        return HelperNames.name(id) + " (" + id + ")";
    }
}
