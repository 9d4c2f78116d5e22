package org.ebpftest.kernel;

import org.ebpftest.runtime.EbpfException;

/**
 * The running kernel refused a {@code bpf(2)} command: the message names the command, what it was
 * applied to and the kernel's error; {@link #errno()} is the error number (0 when the call was
 * never made, as on an architecture whose syscall number the backend does not know).
 */
public class KernelException extends EbpfException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    /** A refusal with the kernel's error number. */
    public KernelException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    /** A refusal with the kernel's error number and the error that reported it. */
    public KernelException(String message, int errno, Throwable cause) {
        super(message, cause);
        this.errno = errno;
    }

    /** The kernel's error number, positive ({@code EPERM} is 1), or 0 when no call was made. */
    public int errno() {
        return errno;
    }
}
