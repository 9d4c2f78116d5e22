package org.ebpftest.runtime;

/**
 * The root of every error this library raises: malformed input, a program the VM refuses, or a
 * trap while a program runs. Unchecked, so tests need not declare it.
 */
public class EbpfException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a message a person can act on. */
    public EbpfException(String message) {
        super(message);
    }

    /** An error with a message and the error that caused it. */
    public EbpfException(String message, Throwable cause) {
        super(message, cause);
    }
}
