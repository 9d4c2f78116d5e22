package org.ebpftest.runtime.vm;

/**
 * Watches a run one instruction at a time: coverage, tracing and debuggers are built on it. While
 * a VM has a probe, every instruction is interpreted (compiled code is bypassed, so what the probe
 * sees is the same whichever engine would have run) and the probe is told before each one, with
 * the execution positioned on it ({@link Execution#pc()}, {@link Execution#program()},
 * {@link Execution#frameDepth()}, registers). Callback functions called from helpers
 * ({@code bpf_loop}, ...) are seen too, at a deeper frame.
 *
 * <p>A VM without a probe pays one field read per entry into the engine, not per instruction.
 * A probe may block (a debugger waiting for the user) or change registers between instructions; an
 * exception it throws ends the run as it is.
 */
@FunctionalInterface
public interface Probe {
    /** Called before the instruction at {@code execution.pc()} executes. */
    void beforeInstruction(Execution execution);
}
