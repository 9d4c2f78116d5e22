package org.ebpftest.assertions;

import org.ebpftest.runtime.vm.TrapException;

/** Assertions on a trap; see {@link AbstractTrapAssert} for the checks. */
public class TrapAssert extends AbstractTrapAssert<TrapAssert> {

    /** Creates an assertion on a trap, or on null when the run finished without one. */
    public TrapAssert(TrapException actual) {
        super(actual, TrapAssert.class);
    }
}
