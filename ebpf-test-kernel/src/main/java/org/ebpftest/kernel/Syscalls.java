package org.ebpftest.kernel;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.Locale;
import java.util.Optional;

/**
 * The C library calls the backend makes, through JNA: {@code syscall(__NR_bpf, ...)}, {@code close}
 * and the CPU affinity of the calling thread. Loaded on first use, so that merely naming the
 * backend on a machine without Linux or JNA's native part costs nothing.
 */
final class Syscalls {
    /**
     * The bpf(2) number per architecture, as {@code os.arch} names it. x86-64 has its own table
     * (321); arm64, riscv64 and loongarch64 share the generic table (280). Another architecture
     * needs its number from its {@code unistd} table here (i386 357, arm 386, ppc64 361, s390x 351).
     */
    private static final java.util.Map<String, Long> BPF_SYSCALL = java.util.Map.of(
            "amd64", 321L, "x86_64", 321L, "aarch64", 280L, "riscv64", 280L, "loongarch64", 280L);

    /** The C library functions used, declared as JNA binds them; each sets errno on failure. */
    interface LibC extends Library {
        /** {@code long syscall(long number, ...)} with bpf(2)'s three arguments, widened to registers. */
        long syscall(long number, long cmd, Pointer attr, long size) throws LastErrorException;

        int close(int fd) throws LastErrorException;

        int sched_getaffinity(int pid, long size, byte[] mask) throws LastErrorException;

        int sched_setaffinity(int pid, long size, byte[] mask) throws LastErrorException;

        /** Maps a ring buffer's or perf buffer's pages; MAP_FAILED is reported through errno. */
        Pointer mmap(Pointer addr, long length, int prot, int flags, int fd, long offset) throws LastErrorException;

        int munmap(Pointer addr, long length) throws LastErrorException;

        /** {@code long syscall(long number, ...)} with perf_event_open(2)'s five arguments. */
        long syscall(long number, Pointer attr, long pid, long cpu, long groupFd, long flags) throws LastErrorException;

        int ioctl(int fd, long request, long arg) throws LastErrorException;
    }

    /** {@code PROT_READ}. */
    static final int PROT_READ = 1;
    /** {@code PROT_WRITE}. */
    static final int PROT_WRITE = 2;
    /** {@code MAP_SHARED}: the kernel's pages themselves, where the consumer position written is seen by the kernel. */
    static final int MAP_SHARED = 1;

    /** The perf_event_open(2) number per architecture, beside bpf(2)'s (x86-64 298, the generic table 241). */
    private static final java.util.Map<String, Long> PERF_EVENT_OPEN_SYSCALL = java.util.Map.of(
            "amd64", 298L, "x86_64", 298L, "aarch64", 241L, "riscv64", 241L, "loongarch64", 241L);

    private static final class Holder {
        static final LibC LIBC = Native.load("c", LibC.class);
    }

    private Syscalls() {
    }

    /** This machine's bpf(2) number, or empty where the backend does not know it. */
    static Optional<Long> bpfNumber() {
        return Optional.ofNullable(BPF_SYSCALL.get(System.getProperty("os.arch", "").toLowerCase(Locale.ROOT)));
    }

    static LibC libc() {
        return Holder.LIBC;
    }

    /**
     * Calls bpf(2).
     *
     * @return the syscall's non-negative result (a descriptor for the commands that create one)
     * @throws LastErrorException carrying errno when the kernel refuses
     */
    static long bpf(int cmd, Pointer attr, int size) {
        long number = bpfNumber().orElseThrow(() -> new KernelException("bpf(2) has no known syscall number on architecture "
                + System.getProperty("os.arch") + "; the kernel backend knows x86-64, arm64, riscv64 and loongarch64", 0));
        return libc().syscall(number, cmd, attr, size);
    }

    /**
     * Maps {@code length} bytes of a descriptor's pages shared.
     *
     * @throws KernelException naming {@code what} when the kernel refuses
     */
    static Pointer mmap(int fd, long length, int prot, long offset, String what) {
        try {
            Pointer p = libc().mmap(null, length, prot, MAP_SHARED, fd, offset);
            if (Pointer.nativeValue(p) == -1L) {
                throw new KernelException("mmap of " + what + " failed", 0);
            }
            return p;
        } catch (LastErrorException e) {
            throw new KernelException("mmap of " + length + " bytes of " + what + ": " + e.getMessage(), e.getErrorCode(), e);
        }
    }

    /** Unmaps pages {@link #mmap} mapped; a null address is nothing to unmap. */
    static void munmap(Pointer address, long length) {
        if (address == null) {
            return;
        }
        try {
            libc().munmap(address, length);
        } catch (LastErrorException e) {
            // EINVAL only for an address never mapped: nothing is held either way.
        }
    }

    /**
     * Calls perf_event_open(2).
     *
     * @throws LastErrorException carrying errno when the kernel refuses
     */
    static int perfEventOpen(Pointer attr, int pid, int cpu, int groupFd, long flags) {
        long number = Optional.ofNullable(PERF_EVENT_OPEN_SYSCALL.get(System.getProperty("os.arch", "").toLowerCase(Locale.ROOT)))
                .orElseThrow(() -> new KernelException("perf_event_open(2) has no known syscall number on architecture "
                        + System.getProperty("os.arch"), 0));
        return (int) libc().syscall(number, attr, pid, cpu, groupFd, flags);
    }

    /** Closes a descriptor, ignoring the error of one already closed. */
    static void close(int fd) {
        if (fd < 0) {
            return;
        }
        try {
            libc().close(fd);
        } catch (LastErrorException e) {
            // EBADF or EINTR: the descriptor is gone either way; nothing to release.
        }
    }
}
