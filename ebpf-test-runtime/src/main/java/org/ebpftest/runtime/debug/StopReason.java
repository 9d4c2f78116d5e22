package org.ebpftest.runtime.debug;

/** Why a debugged run is paused, or that it is over. */
public enum StopReason {
    /** Paused before the program's first instruction, as every session starts. */
    ENTRY,
    /** At a breakpoint by pc or by C line. */
    BREAKPOINT,
    /** Before a call to a helper or kfunc that a breakpoint names. */
    HELPER_CALL,
    /** A step (an instruction, a C line, into or out of a function) is done. */
    STEP,
    /** {@link DebugSession#pause()} asked for it. */
    PAUSE,
    /** The run returned; {@link DebugSession#result()} holds its result. */
    FINISHED,
    /** The run ended with an exception (a trap, a refused run); {@link DebugSession#failure()} holds it. */
    FAILED;

    /** True for the two reasons that end a session's run. */
    public boolean isEnd() {
        return this == FINISHED || this == FAILED;
    }
}
