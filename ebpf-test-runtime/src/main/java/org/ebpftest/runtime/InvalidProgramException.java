package org.ebpftest.runtime;

/**
 * A program the VM refuses to load: an unknown opcode, a register that does not exist, a jump
 * outside the program or into the middle of a two-slot instruction, a missing exit. The kernel's
 * verifier would refuse these too; the message names the program, the pc and the instruction.
 */
public class InvalidProgramException extends EbpfException {
    private static final long serialVersionUID = 1L;

    /** An error whose message names the program, pc and instruction at fault. */
    public InvalidProgramException(String message) {
        super(message);
    }

    /** An error whose message names the program, pc and instruction at fault, with its cause. */
    public InvalidProgramException(String message, Throwable cause) {
        super(message, cause);
    }
}
