package org.ebpftest.cli;

/** Arguments the command cannot make sense of; the command line exits with status 2 and its usage. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
