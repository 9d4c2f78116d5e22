package org.ebpftest.runtime.linux.helpers;

import org.ebpftest.runtime.linux.KernelRun;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A helper implemented against one program run: it sees the VM, the environment, the packet and
 * the context, and records side effects. The emulator's helpers, a test's overrides and a
 * captured context's replay are all written as this, and registered in a {@link HelperRegistry}.
 *
 * <pre>{@code
 * environment.override(HelperId.KTIME_GET_NS, LinuxHelper.returning(1234));
 * environment.override(HelperId.RINGBUF_OUTPUT, LinuxHelper.failing(11));            // EAGAIN
 * environment.override(HelperId.GET_PRANDOM_U32, LinuxHelper.answering(randoms::next));
 * environment.override(HelperId.XDP_ADJUST_HEAD, (run, ctx, delta, r3, r4, r5) -> delta < 0 ? -22 : 0);
 * }</pre>
 *
 * <p>A helper answers in r0 what the kernel's would (a negative errno where it fails). Where the
 * kernel's verifier would have refused the program, it throws the trap of {@link KernelRun#trap};
 * any other exception it throws is a bug and leaves the run as it is.
 */
@FunctionalInterface
public interface LinuxHelper {
    /**
     * Runs the helper.
     *
     * @param run the run in progress
     * @param r1 first argument register
     * @param r2 second argument register
     * @param r3 third argument register
     * @param r4 fourth argument register
     * @param r5 fifth argument register
     * @return the value for r0: a negative errno where the kernel's helper fails
     */
    long call(KernelRun run, long r1, long r2, long r3, long r4, long r5);

    /** A helper that always answers {@code r0}. */
    static LinuxHelper returning(long r0) {
        return (run, r1, r2, r3, r4, r5) -> r0;
    }

    /** A helper that answers what {@code r0} supplies at each call, such as the next of a list of values. */
    static LinuxHelper answering(LongSupplier r0) {
        Objects.requireNonNull(r0, "r0");
        return (run, r1, r2, r3, r4, r5) -> r0.getAsLong();
    }

    /** A helper that always fails with an errno (11 for EAGAIN): it answers {@code -errno}, as the kernel's helpers do. */
    static LinuxHelper failing(int errno) {
        if (errno <= 0) {
            throw new IllegalArgumentException("an errno is positive (EAGAIN is 11), was " + errno);
        }
        return (run, r1, r2, r3, r4, r5) -> -errno;
    }
}
