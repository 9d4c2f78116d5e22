package org.ebpftest.runtime.linux.helpers;

import static org.ebpftest.runtime.linux.helpers.HelperId.GET_CURRENT_COMM;
import static org.ebpftest.runtime.linux.helpers.HelperId.GET_CURRENT_PID_TGID;
import static org.ebpftest.runtime.linux.helpers.HelperId.GET_CURRENT_UID_GID;
import static org.ebpftest.runtime.linux.helpers.HelperId.GET_NUMA_NODE_ID;
import static org.ebpftest.runtime.linux.helpers.HelperId.GET_PRANDOM_U32;
import static org.ebpftest.runtime.linux.helpers.HelperId.GET_SMP_PROCESSOR_ID;
import static org.ebpftest.runtime.linux.helpers.HelperId.JIFFIES64;
import static org.ebpftest.runtime.linux.helpers.HelperId.KTIME_GET_BOOT_NS;
import static org.ebpftest.runtime.linux.helpers.HelperId.KTIME_GET_COARSE_NS;
import static org.ebpftest.runtime.linux.helpers.HelperId.KTIME_GET_NS;
import static org.ebpftest.runtime.linux.helpers.HelperId.KTIME_GET_TAI_NS;
import static org.ebpftest.runtime.linux.helpers.HelperId.LOOP;
import static org.ebpftest.runtime.linux.helpers.HelperId.PROBE_READ;
import static org.ebpftest.runtime.linux.helpers.HelperId.PROBE_READ_KERNEL;
import static org.ebpftest.runtime.linux.helpers.HelperId.PROBE_READ_KERNEL_STR;
import static org.ebpftest.runtime.linux.helpers.HelperId.PROBE_READ_STR;
import static org.ebpftest.runtime.linux.helpers.HelperId.PROBE_READ_USER;
import static org.ebpftest.runtime.linux.helpers.HelperId.PROBE_READ_USER_STR;
import static org.ebpftest.runtime.linux.helpers.HelperId.STRNCMP;
import static org.ebpftest.runtime.linux.helpers.HelperId.STRTOL;
import static org.ebpftest.runtime.linux.helpers.HelperId.STRTOUL;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.ebpftest.runtime.isa.AtomicOp;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.KernelRun;
import org.ebpftest.runtime.linux.LinuxEnvironment;
import org.ebpftest.runtime.linux.TaskInfo;
import org.ebpftest.runtime.linux.VirtualClock;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.vm.Execution;
import org.ebpftest.runtime.vm.Memory;
import org.ebpftest.runtime.vm.MemoryFault;

/**
 * Time, randomness, CPU, task, kernel-memory and string helpers, answered from the
 * {@link LinuxEnvironment}.
 */
final class MiscHelpers {
    static final Set<ContextType> ALL = EnumSet.allOf(ContextType.class);
    /** The current-task helpers are offered to cgroup and tracing programs, not to XDP or tc. */
    static final Set<ContextType> TASK = EnumSet.of(ContextType.CGROUP_SKB, ContextType.GENERIC);
    static final Set<ContextType> TRACING = EnumSet.of(ContextType.GENERIC);

    private MiscHelpers() {
    }

    static void register(HelperRegistry t) {
        clock(t, KTIME_GET_NS, VirtualClock::monotonicNs);
        clock(t, KTIME_GET_BOOT_NS, VirtualClock::bootNs);
        clock(t, KTIME_GET_COARSE_NS, VirtualClock::coarseNs);
        clock(t, KTIME_GET_TAI_NS, VirtualClock::taiNs);
        clock(t, JIFFIES64, VirtualClock::jiffies64);
        t.register(GET_PRANDOM_U32, ALL, (run, r1, r2, r3, r4, r5) -> run.environment().nextRandomU32() & 0xffffffffL);
        t.register(GET_SMP_PROCESSOR_ID, ALL, (run, r1, r2, r3, r4, r5) -> run.vm().cpu());
        t.register(GET_NUMA_NODE_ID, ALL, (run, r1, r2, r3, r4, r5) -> run.environment().numaNode());
        t.register(GET_CURRENT_PID_TGID, TASK, (run, r1, r2, r3, r4, r5) -> {
            TaskInfo task = run.environment().task();
            return (long) task.tgid() << 32 | task.pid() & 0xffffffffL;
        });
        t.register(GET_CURRENT_UID_GID, TASK, (run, r1, r2, r3, r4, r5) -> {
            TaskInfo task = run.environment().task();
            return (long) task.gid() << 32 | task.uid() & 0xffffffffL;
        });
        t.register(GET_CURRENT_COMM, TASK, (run, buf, size, r3, r4, r5) -> {
            byte[] comm = run.environment().task().comm().getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[(int) size];
            System.arraycopy(comm, 0, out, 0, Math.min(comm.length, out.length - 1));
            run.vm().memory().write(buf, out);
            return 0;
        });
        t.register(PROBE_READ, TRACING, probeRead(Side.EITHER));
        t.register(PROBE_READ_USER, TRACING, probeRead(Side.USER));
        t.register(PROBE_READ_KERNEL, ALL, probeRead(Side.KERNEL));
        t.register(PROBE_READ_STR, TRACING, probeReadStr(Side.EITHER));
        t.register(PROBE_READ_USER_STR, TRACING, probeReadStr(Side.USER));
        t.register(PROBE_READ_KERNEL_STR, ALL, probeReadStr(Side.KERNEL));
        t.register(STRNCMP, ALL, (run, s1, size, s2, r4, r5) -> strncmp(run.vm().memory(), s1, (int) size, s2));
        t.register(STRTOL, ALL, (run, buf, len, flags, res, r5) -> Strtox.call(run.vm().memory(), buf, len, flags, res, true));
        t.register(STRTOUL, ALL, (run, buf, len, flags, res, r5) -> Strtox.call(run.vm().memory(), buf, len, flags, res, false));
        t.register(LOOP, ALL, MiscHelpers::loop);
        // bpf_kptr_xchg: an unconditional atomic exchange of the 8-byte kptr field
        t.register(HelperId.KPTR_XCHG, ALL, (run, kptr, ptr, r3, r4, r5) -> run.vm().memory().atomic64(kptr, AtomicOp.XCHG, ptr));
        Tunnels.register(t);
    }

    /** BPF_MAX_LOOPS. */
    static final long MAX_LOOPS = 1 << 23;

    /**
     * bpf_loop: calls the callback up to nr_loops times until it returns non-zero; answers the calls
     * made. Where the verifier would inline the call ({@link LoopInlining}), it behaves as the
     * inlined loop does: all 64 bits of r1 count, and too many loops answer (u32) -E2BIG.
     */
    private static long loop(KernelRun run, long count, long callback, long ctx, long flags, long r5) {
        Execution e = run.vm().execution();
        boolean inlined = LoopInlining.inlinedAt(e.program(), e.pc() - 1);
        long n = inlined ? count : count & 0xffffffffL;
        if (inlined && Long.compareUnsigned(n, MAX_LOOPS) > 0) {
            return -Errno.E2BIG & 0xffffffffL; // the inlined loop's mov32 r0, -E2BIG
        }
        if (flags != 0) {
            return -Errno.EINVAL;
        }
        if (n > MAX_LOOPS) {
            return -Errno.E2BIG;
        }
        return run.vm().callFunctionLoop(callback, n, ctx);
    }

    private static void clock(HelperRegistry t, HelperId id, ToLongFunction<VirtualClock> read) {
        t.register(id, ALL, (run, r1, r2, r3, r4, r5) -> {
            VirtualClock c = run.environment().clock();
            long v = read.applyAsLong(c);
            c.afterRead();
            return v;
        });
    }

    /** Bytes at an address: the VM's own memory, else kernel memory the test provided; null when unreadable. */
    static byte[] readAnywhere(KernelRun run, long address, int length) {
        try {
            return run.vm().memory().read(address, length);
        } catch (MemoryFault f) {
            return run.environment().readKernelMemory(address, length);
        }
    }

    /** Where a probe read looks, as {@code kernel/trace/bpf_trace.c} and x86-64's nofault copies decide. */
    private enum Side {
        /**
         * {@code bpf_probe_read_kernel}: the VM's own memory (stack, maps, context: kernel memory,
         * at addresses of the VM's choosing), else -ERANGE below the kernel half as
         * {@code copy_from_kernel_nofault_allowed} says, else the kernel memory the test provided.
         */
        KERNEL,
        /** {@code bpf_probe_read_user}: only the user-space memory the test provided. */
        USER,
        /** {@code bpf_probe_read}: the VM's memory, else the user side below {@code TASK_SIZE}, else the kernel side. */
        EITHER;

        Side resolve(KernelRun run, long address) {
            if (this != EITHER) {
                return this;
            }
            return inVm(run, address) || Long.compareUnsigned(address, LinuxEnvironment.TASK_SIZE_MAX) >= 0 ? KERNEL : USER;
        }
    }

    private static boolean inVm(KernelRun run, long address) {
        try {
            run.vm().memory().read(address, 1);
            return true;
        } catch (MemoryFault f) {
            return false;
        }
    }

    /** The bytes at an address on one side, or null when they cannot be read there. */
    private static byte[] probe(KernelRun run, Side side, long address, int length) {
        if (side == Side.USER) {
            return run.environment().readUserMemory(address, length);
        }
        try {
            return run.vm().memory().read(address, length);
        } catch (MemoryFault f) {
            boolean kernelHalf = Long.compareUnsigned(address, LinuxEnvironment.KERNEL_START) >= 0;
            return kernelHalf ? run.environment().readKernelMemory(address, length) : null;
        }
    }

    /** The bytes {@code bpf_probe_read_kernel} would read at an address, or null where it fails (see {@link #probeKernelFailure}). */
    static byte[] probeKernel(KernelRun run, long address, int length) {
        return probe(run, Side.KERNEL, address, length);
    }

    /** The errno of a failed kernel probe read: -ERANGE below the kernel half, else -EFAULT. */
    static long probeKernelFailure(long address) {
        return failure(Side.KERNEL, address);
    }

    /** Why a read failed: a kernel read below the kernel half is refused before reading (-ERANGE), any other fails (-EFAULT). */
    private static long failure(Side side, long address) {
        return side == Side.KERNEL && Long.compareUnsigned(address, LinuxEnvironment.KERNEL_START) < 0 ? -Errno.ERANGE : -Errno.EFAULT;
    }

    private static LinuxHelper probeRead(Side side) {
        return (run, dst, size, src, r4, r5) -> {
            int n = (int) size;
            Side where = side.resolve(run, src);
            long from = src;
            if (where == Side.KERNEL) {
                String name = side == Side.KERNEL ? "bpf_probe_read_kernel" : "bpf_probe_read";
                CurrentTask.checkProbe(run, src, n, name);
                from = SocketHelpers.probeSource(run, src, n, name);
            }
            byte[] bytes = probe(run, where, from, n);
            // On failure the kernel zeroes the destination (bpf_probe_read_*_common).
            run.vm().memory().write(dst, bytes == null ? new byte[n] : bytes);
            return bytes == null ? failure(where, src) : 0;
        };
    }

    private static LinuxHelper probeReadStr(Side side) {
        return (run, dst, size, src, r4, r5) -> {
            int n = (int) size;
            if (n == 0) {
                return 0; // the kernel writes nothing for a zero-sized buffer (confirmed)
            }
            Side where = side.resolve(run, src);
            if (where == Side.KERNEL) {
                String name = side == Side.KERNEL ? "bpf_probe_read_kernel_str" : "bpf_probe_read_str";
                CurrentTask.checkProbe(run, src, 1, name);
                SocketHelpers.probeSource(run, src, 1, name);
            }
            byte[] out = new byte[n];
            int i = 0;
            for (; i < n - 1; i++) {
                byte[] b = probe(run, where, src + i, 1);
                if (b == null) {
                    run.vm().memory().write(dst, new byte[n]);
                    return failure(where, src + i);
                }
                if (b[0] == 0) {
                    break;
                }
                out[i] = b[0];
            }
            run.vm().memory().write(dst, java.util.Arrays.copyOf(out, i + 1));
            return i + 1;
        };
    }

    private static long strncmp(Memory m, long s1, int size, long s2) {
        for (int i = 0; i < size; i++) {
            int c1 = (int) m.load8(s1 + i);
            int c2 = (int) m.load8(s2 + i);
            if (c1 != c2) {
                return c1 < c2 ? -1 : 1;
            }
            if (c1 == 0) {
                return 0;
            }
        }
        return 0;
    }
}
