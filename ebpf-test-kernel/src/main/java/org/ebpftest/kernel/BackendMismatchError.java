package org.ebpftest.kernel;

import java.util.List;

/**
 * Under {@link Backend#BOTH}, the emulator and the kernel disagreed about a run: the message lists
 * every difference in return value, packet and maps, the emulator's answer first. An
 * {@link AssertionError}, so that test frameworks report a failed test rather than an error.
 */
public final class BackendMismatchError extends AssertionError {
    private static final long serialVersionUID = 1L;

    private final List<String> differences;

    BackendMismatchError(String run, List<String> differences) {
        super("emulator and kernel differ running " + run + " (ebpftest.backend=both):\n  " + String.join("\n  ", differences));
        this.differences = List.copyOf(differences);
    }

    /** Each difference, one per line of the message. */
    public List<String> differences() {
        return differences;
    }
}
