package org.ebpftest.runtime.debug;

import java.util.Optional;
import org.ebpftest.runtime.isa.SourceLine;

/**
 * Where a debugged run paused and why: what {@link DebugSession#resume()} and the step methods
 * return. For an ended run ({@link StopReason#isEnd()}) the position is the last one the run was
 * paused at.
 *
 * @param reason why the run stopped
 * @param program the program executing (a tail call changes it)
 * @param pc the slot of the next instruction to execute
 * @param depth the call depth: 0 in the program's main function
 * @param sourceLine the C line of that instruction, or null when line info has none
 * @param breakpoint the breakpoint that stopped the run, or null for other reasons
 */
public record Stop(StopReason reason, String program, int pc, int depth, SourceLine sourceLine, Breakpoint breakpoint) {

    /** The C line of the next instruction, when the object has line info for it. */
    public Optional<SourceLine> line() {
        return Optional.ofNullable(sourceLine);
    }

    /** The C line number, or 0 when unknown: the short form tests compare. */
    public int lineNumber() {
        return sourceLine == null ? 0 : sourceLine.line();
    }

    @Override
    public String toString() {
        return reason + " at pc " + pc + " of " + program + (sourceLine == null ? "" : " [" + sourceLine + "]");
    }
}
