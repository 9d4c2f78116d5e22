package org.ebpftest.runtime.vm;

/**
 * A program compiled to JVM bytecode by {@link org.ebpftest.runtime.vm.jit.ProgramCompiler}: the
 * hidden classes it writes implement this, and run an {@link Execution} as
 * {@link Interpreter#execute} does, returning one of {@link org.ebpftest.runtime.vm.jit.ExitStatus}.
 * Stateless, so one instance serves every thread.
 */
interface CompiledCode {
    /** Runs from the execution's pc until it finishes, hands over or reaches {@code stopAt} instructions. */
    int execute(Execution e, long stopAt);

    /** Whether {@link #loop} and {@link #call} can call the function starting at a slot: a callback compiled to a method of its own. */
    default boolean loops(int slot) {
        return false;
    }

    /**
     * The loop of {@code bpf_loop} ({@link Execution#callLoop}) in compiled code: calls the
     * callback at a slot with (i, arg) for i from {@code from} to n, zeroing the {@code reach}
     * bytes of its frame it can see before each call, until one returns non-zero, and answers the
     * calls made. The callback's frame is already entered, once for all the calls.
     */
    default long loop(Execution e, int slot, long from, long n, long arg, long stopAt, int reach) {
        throw new IllegalStateException("no compiled callback at slot " + slot);
    }

    /**
     * One call of the callback at a slot that {@link Execution#callFunction} has entered (frame,
     * arguments in the registers): its method, as {@link #loop} calls it; answers its r0.
     */
    default long call(Execution e, int slot, long stopAt) {
        throw new IllegalStateException("no compiled callback at slot " + slot);
    }
}
