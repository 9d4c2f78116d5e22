package org.ebpftest.runtime.context;

import java.util.Collections;
import java.util.EnumSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ebpftest.runtime.linux.KernelRun;
import org.ebpftest.runtime.linux.LinuxEmulator;
import org.ebpftest.runtime.linux.helpers.HelperId;
import org.ebpftest.runtime.linux.helpers.HelperRegistry;
import org.ebpftest.runtime.linux.helpers.LinuxHelper;
import org.ebpftest.runtime.vm.MemoryFault;
import org.ebpftest.runtime.vm.TrapException;

/**
 * Answers the helper calls of one run of a captured context from its recordings: the n-th call
 * to a helper gets the n-th recorded result for that helper (r0, and bytes written through the
 * pointer arguments). A fresh one per run, as the call counts start from zero. It answers through
 * the emulator's one route for helpers: a {@link HelperRegistry} that the run asks first
 * ({@link LinuxEmulator#withHelpers}), falling back on {@link LinuxEmulator#helper}.
 */
final class Replay {
    /**
     * Helpers whose effect is on state the emulator keeps (maps, the packet and its metadata,
     * redirects, tail calls, output records, spin locks) or that call back into the program. A
     * recorded r0 cannot reproduce that, and for the map helpers it is a kernel pointer, so these
     * always run in the emulator and their recorded calls are not used. mimic keeps a list of the
     * same kind.
     */
    static final Set<HelperId> ALWAYS_EMULATED = Collections.unmodifiableSet(EnumSet.of(
            HelperId.MAP_LOOKUP_ELEM, HelperId.MAP_UPDATE_ELEM, HelperId.MAP_DELETE_ELEM, HelperId.TRACE_PRINTK,
            HelperId.SKB_STORE_BYTES, HelperId.L3_CSUM_REPLACE, HelperId.L4_CSUM_REPLACE, HelperId.TAIL_CALL,
            HelperId.CLONE_REDIRECT, HelperId.SKB_VLAN_PUSH, HelperId.SKB_VLAN_POP, HelperId.SKB_SET_TUNNEL_KEY,
            HelperId.REDIRECT, HelperId.PERF_EVENT_OUTPUT, HelperId.SKB_CHANGE_PROTO, HelperId.SKB_CHANGE_TYPE,
            HelperId.SKB_CHANGE_TAIL, HelperId.SKB_PULL_DATA, HelperId.CSUM_UPDATE, HelperId.SET_HASH_INVALID,
            HelperId.SKB_CHANGE_HEAD, HelperId.XDP_ADJUST_HEAD, HelperId.SET_HASH, HelperId.SKB_ADJUST_ROOM,
            HelperId.REDIRECT_MAP, HelperId.XDP_ADJUST_META, HelperId.XDP_ADJUST_TAIL, HelperId.MAP_PUSH_ELEM,
            HelperId.MAP_POP_ELEM, HelperId.MAP_PEEK_ELEM, HelperId.SPIN_LOCK, HelperId.SPIN_UNLOCK,
            HelperId.RINGBUF_OUTPUT, HelperId.RINGBUF_RESERVE, HelperId.RINGBUF_SUBMIT, HelperId.RINGBUF_DISCARD,
            HelperId.RINGBUF_QUERY, HelperId.CSUM_LEVEL, HelperId.REDIRECT_NEIGH, HelperId.REDIRECT_PEER,
            HelperId.FOR_EACH_MAP_ELEM, HelperId.TRACE_VPRINTK, HelperId.LOOP, HelperId.XDP_STORE_BYTES,
            HelperId.MAP_LOOKUP_PERCPU_ELEM));

    private final CapturedContext captured;
    private final ReplayMode mode;
    private final LinuxEmulator emulator;
    private final Map<HelperId, Integer> made = new EnumMap<>(HelperId.class);

    Replay(CapturedContext captured, ReplayMode mode, LinuxEmulator emulator) {
        this.captured = captured;
        this.mode = mode;
        this.emulator = emulator;
    }

    /** A helper for every helper id, each answering from the recording first. */
    HelperRegistry helpers() {
        HelperRegistry registry = new HelperRegistry();
        for (HelperId id : HelperId.values()) {
            registry.register(id, (run, r1, r2, r3, r4, r5) -> call(run, id, r1, r2, r3, r4, r5));
        }
        return registry;
    }

    private long call(KernelRun run, HelperId id, long r1, long r2, long r3, long r4, long r5) {
        if (!ALWAYS_EMULATED.contains(id)) {
            int n = made.merge(id, 1, Integer::sum);
            List<CapturedContext.RecordedCall> recorded = captured.calls(id.id());
            if (n <= recorded.size()) {
                return replay(run, n, recorded.get(n - 1), new long[] {r1, r2, r3, r4, r5});
            }
            if (mode == ReplayMode.FAIL) {
                throw run.trap(TrapException.Kind.UNRECORDED, "call #" + n + " to " + helper(id) + " was not recorded: " + which()
                        + " has " + (recorded.isEmpty() ? "no calls to it" + others() : calls(recorded.size()) + " to it")
                        + "; replay with ReplayMode.EMULATE to let the emulator answer it");
            }
        }
        LinuxHelper emulated = emulator.helper(id, run.programType()).orElse(null);
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

    private static String helper(HelperId id) {
        return helper(id.id());
    }

    private static String helper(int id) {
        return HelperId.nameOf(id) + " (" + id + ")";
    }
}
