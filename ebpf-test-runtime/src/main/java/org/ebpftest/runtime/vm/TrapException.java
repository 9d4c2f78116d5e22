package org.ebpftest.runtime.vm;

import java.util.Optional;
import org.ebpftest.runtime.EbpfException;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.SourceLine;

/**
 * A program stopped at an instruction it may not execute: an out-of-bounds access, the instruction
 * budget spent, too many nested calls, a helper that is not available. Kernel semantics that are
 * not errors in Linux (division by zero, a failed map update) never trap.
 *
 * <p>The message names what happened, the pc, the instruction, the program and the C source line
 * when BTF has it: {@code out-of-bounds load of 4 bytes at 0x3000040 (packet + 64, packet is 60
 * bytes) at pc 12 (r2 = *(u32 *)(r1 + 0x40)) in xdp_fw [xdp_fw.c:42  if (ip->protocol == 6)]}.
 */
public final class TrapException extends EbpfException {
    private static final long serialVersionUID = 1L;

    /** What kind of fault stopped the program. */
    public enum Kind {
        /** A load, store or atomic outside every region, or into read-only memory. */
        MEMORY,
        /** The instruction budget ran out: probably an endless loop. */
        INSTRUCTION_LIMIT,
        /** More nested bpf-to-bpf calls than the kernel's 8 frames. */
        CALL_DEPTH,
        /** A helper or kernel function that is neither emulated nor provided by the test. */
        UNSUPPORTED,
        /** A helper refused its arguments in a way the kernel's verifier would have refused the program. */
        HELPER,
        /** An instruction that cannot run here, such as a call through a register holding garbage. */
        INVALID,
        /** A helper call a captured context did not record, in a replay that may not fall back to the emulator. */
        UNRECORDED
    }

    private final Kind kind;
    private final String programName;
    private final int pc;
    private final transient Instruction instruction;
    private final transient SourceLine sourceLine;
    private final String detail;

    /** A trap with every structured field; the message is built from them. */
    public TrapException(Kind kind, String detail, String programName, int pc, Instruction instruction, SourceLine sourceLine, Throwable cause) {
        this(kind, detail, programName, pc, instruction, sourceLine, null, cause);
    }

    /**
     * A trap with every structured field and a note that follows the location in the message
     * (for memory faults, the regions that were mapped).
     */
    public TrapException(Kind kind, String detail, String programName, int pc, Instruction instruction, SourceLine sourceLine, String note, Throwable cause) {
        super(message(detail, programName, pc, instruction, sourceLine) + (note == null ? "" : "; " + note), cause);
        this.kind = kind;
        this.detail = detail;
        this.programName = programName;
        this.pc = pc;
        this.instruction = instruction;
        this.sourceLine = sourceLine;
    }

    private static String message(String detail, String program, int pc, Instruction insn, SourceLine line) {
        StringBuilder sb = new StringBuilder(detail).append(" at pc ").append(pc);
        if (insn != null) {
            sb.append(" (").append(insn).append(')');
        }
        sb.append(" in ").append(program);
        if (line != null) {
            sb.append(" [").append(line).append(']');
        }
        return sb.toString();
    }

    /** What kind of fault this is. */
    public Kind kind() {
        return kind;
    }

    /** The fault itself, without the location: {@code out-of-bounds load of 4 bytes at ...}. */
    public String detail() {
        return detail;
    }

    /** The name of the program that trapped. */
    public String programName() {
        return programName;
    }

    /** The slot index of the instruction that trapped. */
    public int pc() {
        return pc;
    }

    /** The instruction that trapped. */
    public Instruction instruction() {
        return instruction;
    }

    /** The C source line of the instruction, when the program has line info. */
    public Optional<SourceLine> sourceLine() {
        return Optional.ofNullable(sourceLine);
    }
}
