package org.ebpftest.runtime.debug;

import java.util.Optional;
import org.ebpftest.runtime.isa.SourceLine;

/**
 * One frame of a paused run's call stack, innermost first in {@link DebugSession#callStack()}.
 *
 * @param depth the frame's call depth: 0 for the program's main function
 * @param program the program the frame runs
 * @param function the C function (from BTF func info), or {@code pc<N>} when the object has none
 * @param pc the frame's pc: the next instruction for the innermost frame, the call for the others
 * @param sourceLine the C line at that pc, or null
 * @param framePointer the frame's r10
 */
public record CallFrame(int depth, String program, String function, int pc, SourceLine sourceLine, long framePointer) {

    /** The C line at the frame's pc, when line info has it. */
    public Optional<SourceLine> line() {
        return Optional.ofNullable(sourceLine);
    }
}
