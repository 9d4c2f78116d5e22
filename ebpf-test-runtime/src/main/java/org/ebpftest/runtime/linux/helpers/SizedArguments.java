package org.ebpftest.runtime.linux.helpers;

import java.util.List;
import java.util.Map;
import org.ebpftest.runtime.linux.KernelRun;
import org.ebpftest.runtime.linux.Traps;
import org.ebpftest.runtime.vm.MemoryFault;
import org.ebpftest.runtime.vm.TrapException;

/**
 * The verifier's contract for helper arguments that come as a (pointer, size) pair
 * ({@code ARG_CONST_SIZE} and {@code ARG_CONST_SIZE_OR_ZERO} after an {@code ARG_PTR_TO_MEM} or
 * {@code ARG_PTR_TO_UNINIT_MEM}), checked at every call before the helper runs.
 *
 * <p>The kernel proves these at load (check_mem_size_reg): the size is not negative, below
 * {@code BPF_MAX_VAR_SIZ} (1 &lt;&lt; 29), non-zero unless the argument allows zero, and the
 * pointer reaches that many bytes (writable for memory the helper fills). A run that breaks one
 * belongs to a program the kernel would have refused, so it traps naming the helper and the
 * argument, and no helper ever allocates from a size that was not checked. The table follows the
 * helpers' {@code bpf_func_proto}s in Linux 6.18.
 */
public final class SizedArguments {
    /** BPF_MAX_VAR_SIZ: the verifier refuses any size argument whose bound reaches it. */
    static final long MAX_SIZE = 1L << 29;

    /**
     * One (pointer, size) pair of a helper.
     *
     * @param pointer the register number of the pointer
     * @param pointerName its name in the helper's prototype
     * @param size the register number of the size
     * @param sizeName its name in the helper's prototype
     * @param zeroAllowed ARG_CONST_SIZE_OR_ZERO rather than ARG_CONST_SIZE
     * @param nullable PTR_MAYBE_NULL: NULL is accepted with a size of 0
     * @param write the helper writes the memory (not MEM_RDONLY)
     */
    record Pair(int pointer, String pointerName, int size, String sizeName, boolean zeroAllowed, boolean nullable, boolean write) {
    }

    private static Pair in(int p, String pn, int s, String sn) {
        return new Pair(p, pn, s, sn, false, false, false);
    }

    private static Pair inOrZero(int p, String pn, int s, String sn, boolean nullable) {
        return new Pair(p, pn, s, sn, true, nullable, false);
    }

    private static Pair out(int p, String pn, int s, String sn) {
        return new Pair(p, pn, s, sn, false, false, true);
    }

    private static Pair outOrZero(int p, String pn, int s, String sn, boolean nullable) {
        return new Pair(p, pn, s, sn, true, nullable, true);
    }

    private static final List<Pair> PROBE_READ = List.of(outOrZero(1, "dst", 2, "size", false));
    private static final List<Pair> SOCKET_TUPLE = List.of(inOrZero(2, "tuple", 3, "tuple_size", false));

    /** Each helper's sized pairs. */
    private static final Map<HelperId, List<Pair>> PAIRS = Map.ofEntries(
            Map.entry(HelperId.PROBE_READ, PROBE_READ), Map.entry(HelperId.PROBE_READ_USER, PROBE_READ),
            Map.entry(HelperId.PROBE_READ_KERNEL, PROBE_READ), Map.entry(HelperId.PROBE_READ_STR, PROBE_READ),
            Map.entry(HelperId.PROBE_READ_USER_STR, PROBE_READ), Map.entry(HelperId.PROBE_READ_KERNEL_STR, PROBE_READ),
            Map.entry(HelperId.TRACE_PRINTK, List.of(in(1, "fmt", 2, "fmt_size"))),
            Map.entry(HelperId.SKB_STORE_BYTES, List.of(in(3, "from", 4, "len"))),
            Map.entry(HelperId.GET_CURRENT_COMM, List.of(out(1, "buf", 2, "size_of_buf"))),
            Map.entry(HelperId.SKB_GET_TUNNEL_KEY, List.of(out(2, "key", 3, "size"))),
            Map.entry(HelperId.SKB_SET_TUNNEL_KEY, List.of(in(2, "key", 3, "size"))),
            Map.entry(HelperId.PERF_EVENT_OUTPUT, List.of(inOrZero(4, "data", 5, "size", false))),
            Map.entry(HelperId.SKB_LOAD_BYTES, List.of(out(3, "to", 4, "len"))),
            Map.entry(HelperId.CSUM_DIFF, List.of(inOrZero(1, "from", 2, "from_size", true), inOrZero(3, "to", 4, "to_size", true))),
            Map.entry(HelperId.SKB_GET_TUNNEL_OPT, List.of(out(2, "opt", 3, "size"))),
            Map.entry(HelperId.SKB_SET_TUNNEL_OPT, List.of(in(2, "opt", 3, "size"))),
            Map.entry(HelperId.SKB_LOAD_BYTES_RELATIVE, List.of(out(3, "to", 4, "len"))),
            Map.entry(HelperId.FIB_LOOKUP, List.of(new Pair(2, "params", 3, "plen", false, false, true))),
            Map.entry(HelperId.STRTOL, List.of(in(1, "buf", 2, "buf_len"))),
            Map.entry(HelperId.STRTOUL, List.of(in(1, "buf", 2, "buf_len"))),
            Map.entry(HelperId.RINGBUF_OUTPUT, List.of(inOrZero(2, "data", 3, "size", false))),
            Map.entry(HelperId.REDIRECT_NEIGH, List.of(inOrZero(2, "params", 3, "plen", true))),
            Map.entry(HelperId.SNPRINTF, List.of(outOrZero(1, "str", 2, "str_size", true), inOrZero(4, "data", 5, "data_len", true))),
            Map.entry(HelperId.TRACE_VPRINTK, List.of(in(1, "fmt", 2, "fmt_size"), inOrZero(3, "data", 4, "data_len", true))),
            Map.entry(HelperId.STRNCMP, List.of(in(1, "s1", 2, "s1_sz"))),
            Map.entry(HelperId.XDP_LOAD_BYTES, List.of(out(3, "buf", 4, "len"))),
            Map.entry(HelperId.XDP_STORE_BYTES, List.of(in(3, "buf", 4, "len"))),
            Map.entry(HelperId.SK_LOOKUP_TCP, SOCKET_TUPLE), Map.entry(HelperId.SK_LOOKUP_UDP, SOCKET_TUPLE),
            Map.entry(HelperId.SKC_LOOKUP_TCP, SOCKET_TUPLE),
            Map.entry(HelperId.DYNPTR_FROM_MEM, List.of(outOrZero(1, "data", 2, "size", false))),
            Map.entry(HelperId.DYNPTR_READ, List.of(outOrZero(1, "dst", 2, "len", false))),
            Map.entry(HelperId.DYNPTR_WRITE, List.of(inOrZero(3, "src", 4, "len", false))));

    private SizedArguments() {
    }

    /** The sized pairs of a helper, empty when it takes none. */
    static List<Pair> of(HelperId helper) {
        return PAIRS.getOrDefault(helper, List.of());
    }

    /** True when the helper takes a (pointer, size) pair, so its calls need {@link #check}; decided once per binding. */
    public static boolean takesSizedArguments(HelperId helper) {
        return !of(helper).isEmpty();
    }

    /**
     * Checks every (pointer, size) pair of a call against the verifier's contract; traps at the
     * call when one breaks it. {@code args} are r1 to r5.
     */
    public static void check(KernelRun run, HelperId helper, long... args) {
        for (Pair p : of(helper)) {
            long size = args[p.size() - 1];
            long pointer = args[p.pointer() - 1];
            String name = helper.kernelName();
            if (Long.compareUnsigned(size, MAX_SIZE) >= 0) {
                throw run.trap(TrapException.Kind.HELPER, name + " argument " + p.size() + " (" + p.sizeName() + ") is " + describe(size)
                        + ", not below " + MAX_SIZE + " (BPF_MAX_VAR_SIZ); the verifier would refuse the program (unbounded memory access)");
            }
            if (size == 0) {
                if (!p.zeroAllowed()) {
                    throw run.trap(TrapException.Kind.HELPER, name + " argument " + p.size() + " (" + p.sizeName()
                            + ") is 0, which it does not allow (ARG_CONST_SIZE); the verifier would refuse the program (invalid zero-sized read)");
                }
                if (pointer == 0 && p.nullable()) {
                    continue;
                }
            }
            try {
                run.vm().memory().require(pointer, (int) size, p.write());
            } catch (MemoryFault f) {
                throw Traps.atCall(run.vm(), name + " argument " + p.pointer() + " (" + p.pointerName() + ", " + size + " bytes by argument " + p.size()
                        + "): " + f.detail() + "; the verifier would refuse the program", f);
            }
        }
    }

    private static String describe(long size) {
        return size + " (0x" + Long.toHexString(size) + ")";
    }
}
