package org.ebpftest.kernel;

import java.util.Locale;
import java.util.Optional;
import org.ebpftest.runtime.uapi.MapType;

/**
 * Whether this machine can run programs in its kernel, and why not: another operating system, an
 * architecture whose bpf(2) number the backend does not know, JNA unable to reach the C library,
 * or a kernel that refuses bpf(2) (no CAP_BPF and CAP_SYS_ADMIN, BPF disabled). Asked once, by
 * creating and closing a one-entry array map.
 */
public final class KernelSupport {
    private static volatile Optional<String> reason;

    private KernelSupport() {
    }

    /** Why the kernel backend cannot run here, or empty when it can. */
    public static Optional<String> unavailableReason() {
        Optional<String> r = reason;
        if (r == null) {
            r = probe();
            reason = r;
        }
        return r;
    }

    /**
     * The kernel's possible CPUs, as many as a per-CPU map has values: an emulator that is to agree
     * with the kernel about per-CPU maps is given as many.
     */
    public static int possibleCpus() {
        return KernelCpus.possible();
    }

    private static Optional<String> probe() {
        String os = System.getProperty("os.name", "");
        if (!os.toLowerCase(Locale.ROOT).contains("linux")) {
            return Optional.of("the kernel backend needs Linux, and this is " + os);
        }
        if (Syscalls.bpfNumber().isEmpty()) {
            return Optional.of("the kernel backend does not know bpf(2)'s number on architecture " + System.getProperty("os.arch"));
        }
        try {
            int fd = Bpf.mapCreate(new Bpf.MapAttr(MapType.ARRAY.id(), 4, 4, 1, 0, 0, 0, "ebpftest_probe", 0, 0, 0, 0));
            Syscalls.close(fd);
            return Optional.empty();
        } catch (KernelException e) {
            String why = e.errno() == 1 ? " (needs root, or CAP_BPF with CAP_NET_ADMIN and CAP_PERFMON)" : "";
            return Optional.of("the kernel refused bpf(2): " + e.getMessage() + why);
        } catch (LinkageError | RuntimeException e) {
            return Optional.of("JNA cannot call the C library here: " + e);
        }
    }
}
