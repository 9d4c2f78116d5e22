package org.ebpftest.runtime.linux.verifier;

import org.ebpftest.runtime.InvalidProgramException;
import org.ebpftest.runtime.isa.SourceLine;

/**
 * A program Linux's verifier refuses to load, refused here at load with the kernel's reason: the
 * program, pc, instruction, C line, message and the tail of the log. Carries a {@link Verification}.
 */
public final class VerifierException extends InvalidProgramException {
    private static final long serialVersionUID = 1L;

    private final String objectName;
    private final transient Verification verification;

    /** A refusal of a program of an object. */
    public VerifierException(String objectName, Verification verification) {
        super(message(objectName, verification));
        this.objectName = objectName;
        this.verification = verification;
    }

    /** The object file the program came from. */
    public String objectName() {
        return objectName;
    }

    /** The verdict: message, pc, instruction, source line and log. */
    public Verification verification() {
        return verification;
    }

    /** The program's name. */
    public String program() {
        return verification.program();
    }

    /** The pc of the refused instruction. */
    public int pc() {
        return verification.pc();
    }

    /** The kernel's message, such as {@code R0 invalid mem access 'map_value_or_null'}. */
    public String kernelMessage() {
        return verification.message();
    }

    /** The C source line of the refused instruction, or null. */
    public SourceLine sourceLine() {
        return verification.sourceLine();
    }

    private static String message(String objectName, Verification v) {
        StringBuilder b = new StringBuilder();
        b.append(objectName).append(": program ").append(v.program()).append(" refused by the verifier: ").append(v.message())
                .append("\n  at pc ").append(v.pc()).append(" (").append(v.instruction()).append(")");
        if (v.sourceLine() != null && v.sourceLine().hasLine()) {
            b.append(" [").append(v.sourceLine()).append("]");
        }
        if (!v.log().isEmpty()) {
            b.append("\n  path:");
            for (String line : v.log()) {
                b.append("\n    ").append(line);
            }
        }
        b.append("\n  Linux 6.18 refuses to load this program (bpftool prog load fails with this message). If Linux does load it,")
                .append(" this is a false refusal: turn verification off (LoadedObject.loader(spec).verify(false), @BpfObject(verify = false),")
                .append(" -Debpftest.verifier=off, or ebpf-test run --no-verify) and please report it with the object file.");
        return b.toString();
    }
}
