package org.ebpftest.assertions;

import org.ebpftest.runtime.linux.RunResult;

/** Assertions on the result of one program run; see {@link AbstractRunResultAssert} for the checks. */
public class RunResultAssert extends AbstractRunResultAssert<RunResultAssert> {

    /** Creates an assertion on a run of a program of {@code family}, which may be null. */
    public RunResultAssert(RunResult actual, ProgramFamily family) {
        super(actual, family, RunResultAssert.class);
    }

    /**
     * Creates an assertion on a run, reading it for the family of the program that ran
     * ({@link ProgramFamily#forRun}); a run on a generic context has none.
     */
    public RunResultAssert(RunResult actual) {
        super(actual, ProgramFamily.forRun(actual).orElse(null), RunResultAssert.class);
    }
}
