package org.ebpftest.assertions;

import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.uapi.ReturnCodes;

/** Assertions on the result of one program run; see {@link AbstractRunResultAssert} for the checks. */
public class RunResultAssert extends AbstractRunResultAssert<RunResultAssert> {

    /** Creates an assertion on a run of a program of {@code family}, which may be null. */
    public RunResultAssert(RunResult actual, ReturnCodes family) {
        super(actual, family, RunResultAssert.class);
    }

    /**
     * Creates an assertion on a run, reading it for the family of the program that ran
     * ({@link org.ebpftest.runtime.linux.ContextType#returnCodes()}); a run on a generic context has none.
     */
    public RunResultAssert(RunResult actual) {
        super(actual, familyOf(actual), RunResultAssert.class);
    }
}
