package org.ebpftest.assertions;

import org.ebpftest.runtime.uapi.ReturnCodes;

/** Assertions on a program's return value; see {@link AbstractReturnCodeAssert} for the checks. */
public class ReturnCodeAssert extends AbstractReturnCodeAssert<ReturnCodeAssert> {

    /** Creates an assertion on a return value of a program of {@code family}. */
    public ReturnCodeAssert(long actual, ReturnCodes family) {
        super(actual, family, ReturnCodeAssert.class);
    }

    /** Creates an assertion on a return value of no particular family, printed as a plain number. */
    public ReturnCodeAssert(Long actual) {
        super(actual, null, ReturnCodeAssert.class);
    }
}
