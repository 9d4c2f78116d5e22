package org.ebpftest.runtime.vm.jit;

/**
 * Why a run of compiled code (or of the interpreter) returned to its caller: the one list of these
 * numbers, shared by the interpreter's loop and the classes {@link ProgramCompiler} writes.
 */
public final class ExitStatus {
    /** The outermost frame of the execution exited; r0 holds the result. */
    public static final int FINISHED = 0;
    /** The instruction count reached the stop the caller gave. */
    public static final int STOPPED = 1;
    /** A helper asked for a tail call, to be entered by the caller. */
    public static final int TAIL_CALL = 2;
    /**
     * Compiled code hands over to the interpreter at the execution's pc: the budget does not cover
     * the next block (the interpreter then stops at the exact instruction), the pc is not an entry
     * of the compiled code, or the instruction there is one the verifier refuses.
     */
    public static final int INTERPRET = 3;
    /** A frame returned into another program (the caller of a tail-calling function): run that one. */
    public static final int REDISPATCH = 4;
    /**
     * Between the methods of a program compiled to several: continue at the execution's pc in the
     * method that holds it. Never returned by a compiled program's {@code execute}.
     */
    public static final int JUMP = 5;

    private ExitStatus() {
    }
}
