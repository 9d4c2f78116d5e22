package org.ebpftest.kernel;

/**
 * A run that needs something only the emulator has (mocked helpers, the virtual clock, network
 * devices or a tunnel the test set up, captured replay) was sent to the kernel. The JUnit
 * extension turns it into a skipped test naming {@link #feature()}.
 */
public final class EmulatorOnlyException extends KernelException {
    private static final long serialVersionUID = 1L;

    private final String feature;

    /** A run refused because it needs {@code feature}. */
    public EmulatorOnlyException(String feature, String program, String object) {
        super("program [" + program + "] of [" + object + "] needs " + feature + ", which only the emulator has; "
                + "it runs with ebpftest.backend=emulator", 0);
        this.feature = feature;
    }

    /** What the run needs that the kernel does not have, such as {@code mocked helpers (bpf_ktime_get_ns)}. */
    public String feature() {
        return feature;
    }
}
