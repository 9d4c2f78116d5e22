package org.ebpftest.assertions;

import org.ebpftest.runtime.linux.RunResult;

/** Assertions on the result of one program run; see {@link AbstractRunResultAssert} for the checks. */
public class RunResultAssert extends AbstractRunResultAssert<RunResultAssert> {

    /** Creates an assertion on a run of a program of {@code family}, which may be null. */
    public RunResultAssert(RunResult actual, ProgramFamily family) {
        super(actual, family, RunResultAssert.class);
    }

    /** Creates an assertion on a run of a program of no particular family. */
    public RunResultAssert(RunResult actual) {
        super(actual, null, RunResultAssert.class);
    }
}
