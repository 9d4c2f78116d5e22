package org.ebpftest.runtime.linux;

import org.ebpftest.runtime.EbpfException;

/**
 * A run result was asked for a side effect that only the emulator records (helper calls, printed
 * lines, the redirect, the tunnel, the instruction count), but the run happened in the kernel,
 * whose {@code BPF_PROG_TEST_RUN} reports none of them. Answering with an empty list would let a
 * test pass that checked nothing; the JUnit extension turns this into a skipped test naming
 * {@link #feature()}.
 */
public final class NotRecordedException extends EbpfException {
    private static final long serialVersionUID = 1L;

    private final String feature;

    /** A request for {@code feature}, such as {@code helper-call records (RunResult.helperCalls())}. */
    public NotRecordedException(String feature) {
        super("the run happened in the kernel, whose BPF_PROG_TEST_RUN reports no " + feature
                + "; only the emulator records them (ebpftest.backend=emulator or both)");
        this.feature = feature;
    }

    /** What was asked for that the kernel does not report. */
    public String feature() {
        return feature;
    }
}
