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
}
