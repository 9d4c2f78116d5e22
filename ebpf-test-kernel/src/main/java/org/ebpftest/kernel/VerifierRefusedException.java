package org.ebpftest.kernel;

/**
 * The kernel's verifier refused a program. The message holds the verifier's log with each
 * instruction it names followed by the C source line the object's line info gives for it, so a
 * refusal reads like the emulator's traps: where, which instruction, which line of C.
 */
public final class VerifierRefusedException extends KernelException {
    private static final long serialVersionUID = 1L;

    private final String program;
    private final String log;

    VerifierRefusedException(String message, int errno, String program, String log) {
        super(message, errno);
        this.program = program;
        this.log = log;
    }

    /** The program the kernel refused. */
    public String program() {
        return program;
    }

    /** The verifier's log exactly as the kernel wrote it. */
    public String log() {
        return log;
    }
}
