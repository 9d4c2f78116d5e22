package org.ebpftest.maven;

/**
 * A reason the eBPF objects could not be produced that the user has to act on: no clang, a stale
 * committed object, a compile error. The mojo turns it into a Maven build failure.
 */
final class BuildFailure extends Exception {

    private static final long serialVersionUID = 1L;

    BuildFailure(String message) {
        super(message);
    }

    BuildFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
