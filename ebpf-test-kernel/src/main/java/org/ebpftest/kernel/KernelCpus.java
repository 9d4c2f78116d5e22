package org.ebpftest.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The possible CPUs as the kernel counts them for per-CPU map values
 * ({@code /sys/devices/system/cpu/possible}, such as {@code 0-3} or {@code 0,2-5}), and pinning
 * the calling thread to one CPU for a test run, as {@code taskset} does for bpftool.
 */
final class KernelCpus {
    private static volatile int possible;

    private KernelCpus() {
    }

    static int possible() {
        int n = possible;
        if (n == 0) {
            try {
                n = count(Files.readString(Path.of("/sys/devices/system/cpu/possible")));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the possible CPUs", e);
            }
            possible = n;
        }
        return n;
    }

    /** The number of CPUs in a kernel CPU list such as {@code 0-3,6}. */
    static int count(String list) {
        int n = 0;
        for (String part : list.strip().split(",")) {
            if (part.isEmpty()) {
                continue;
            }
            int dash = part.indexOf('-');
            n += dash < 0 ? 1 : Integer.parseInt(part.substring(dash + 1)) - Integer.parseInt(part.substring(0, dash)) + 1;
        }
        return n;
    }

    /**
     * Runs {@code action} with the calling thread pinned to one CPU, restoring its affinity after:
     * BPF_PROG_TEST_RUN runs skb and XDP programs on the calling CPU and refuses a CPU in its
     * attributes for them.
     */
    static <T> T onCpu(int cpu, java.util.function.Supplier<T> action) {
        int bytes = Math.max(128, (cpu / 8 + 1 + 7) & ~7);
        byte[] saved = new byte[bytes];
        Syscalls.libc().sched_getaffinity(0, bytes, saved);
        byte[] mask = new byte[bytes];
        mask[cpu / 8] = (byte) (1 << (cpu % 8));
        Syscalls.libc().sched_setaffinity(0, bytes, mask);
        try {
            return action.get();
        } finally {
            Syscalls.libc().sched_setaffinity(0, bytes, saved);
        }
    }
}
