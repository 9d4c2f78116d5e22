package org.ebpftest.runtime.linux;

import org.ebpftest.runtime.EbpfException;
import org.ebpftest.runtime.uapi.Errno;

/**
 * A test run the kernel's {@code BPF_PROG_TEST_RUN} would refuse before running the program, such
 * as a packet shorter than an Ethernet header or a context field test_run does not accept; carries
 * the errno the kernel returns.
 */
public final class RunRefusedException extends EbpfException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    /** A refusal with the kernel's positive errno (22 for EINVAL) and the reason, as test_run's checks give it. */
    public RunRefusedException(int errno, String reason) {
        super("BPF_PROG_TEST_RUN would fail with " + errnoName(errno) + ": " + reason);
        this.errno = errno;
    }

    /** The positive errno the kernel returns, such as 22 for EINVAL. */
    public int errno() {
        return errno;
    }

    /** {@code -EINVAL}, or {@code -N} for a number {@link Errno} does not name. */
    private static String errnoName(int errno) {
        return "-" + Errno.symbol(errno).orElse(Integer.toString(errno));
    }
}
