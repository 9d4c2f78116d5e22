package org.ebpftest.cli;

/**
 * A command that could not do its work for a reason the user can fix (a missing file, an unknown
 * program, a map document that does not fit); the command line prints the message and exits with
 * status 1.
 */
final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CommandFailure(String message) {
        super(message);
    }

    CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
