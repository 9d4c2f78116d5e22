package org.ebpftest.runtime.linux.verifier;

import java.util.List;
import java.util.Optional;
import org.ebpftest.runtime.isa.SourceLine;

/**
 * The verifier's verdict on one program: accepted, with the number of instructions processed, or
 * refused with the kernel's message, the pc, the instruction, the C line and the tail of the log
 * (the branch decisions that led there).
 *
 * @param program the program's name
 * @param accepted true when the program would load
 * @param processed the instructions processed along every path explored, as the kernel counts them
 * @param complete false when exploration stopped early on paths the verifier does not model (the
 *     program is then accepted: only what is certain is refused)
 * @param message the kernel's message for a refusal, or empty
 * @param pc the pc of the refused instruction, -1 when accepted
 * @param instruction the refused instruction as text, or empty
 * @param sourceLine the C source line of the refused instruction, or null
 * @param log the tail of the verifier's log for a refusal: the decisions that led there, oldest first,
 *     then the line the kernel prints after its message where it prints one (check_packet_access's
 *     {@code R1 offset is outside of the packet} after the bounds message)
 */
public record Verification(String program, boolean accepted, long processed, boolean complete, String message, int pc, String instruction,
        SourceLine sourceLine, List<String> log) {
    /** Copies the log. */
    public Verification {
        log = List.copyOf(log);
    }

    /** The C source line of a refusal, if known. */
    public Optional<SourceLine> line() {
        return Optional.ofNullable(sourceLine);
    }

    /**
     * One line, as {@code ebpf-test verify} prints it: {@code OK NAME (N instructions processed)} or
     * {@code REFUSED NAME: MESSAGE at pc P [file.c:L]}.
     */
    public String summary() {
        if (accepted) {
            return "OK " + program + " (" + processed + " instructions processed)";
        }
        String where = sourceLine != null && sourceLine.hasLine() ? " [" + fileName(sourceLine.file()) + ":" + sourceLine.line() + "]" : "";
        return "REFUSED " + program + ": " + message + " at pc " + pc + where;
    }

    /** Throws the refusal as a {@link VerifierException}; does nothing for an accepted program. */
    public Verification orThrow(String objectName) {
        if (!accepted) {
            throw new VerifierException(objectName, this);
        }
        return this;
    }

    private static String fileName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
