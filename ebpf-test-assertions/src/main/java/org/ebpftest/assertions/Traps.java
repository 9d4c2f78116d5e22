package org.ebpftest.assertions;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.ebpftest.runtime.vm.TrapException;

/** Runs code and keeps the trap it throws, for the trap assertions. */
final class Traps {

    private Traps() {
    }

    /** The trap {@code run} throws, or null when it finishes; any other throwable is rethrown wrapped. */
    static TrapException catchTrap(ThrowingCallable run) {
        Args.notNull("run", run);
        try {
            run.call();
            return null;
        } catch (TrapException trap) {
            return trap;
        } catch (Throwable other) {
            throw new AssertionError("Expecting the run to trap but it threw: " + other, other);
        }
    }
}
