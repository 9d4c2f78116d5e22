package org.ebpftest.runtime.debug;

/**
 * A place where a debugged run stops: a pc, a C source line or a call to a named helper. Made by
 * {@link DebugSession#breakAt(int)}, {@link DebugSession#breakAt(String, int)} and
 * {@link DebugSession#breakOnHelper(String)}.
 */
public sealed interface Breakpoint {

    /** The number the session gave it, from 1. */
    int id();

    /**
     * Stops before the instruction at a slot of a program.
     *
     * @param id the session's number for it
     * @param program the program's name
     * @param pc the slot
     */
    record AtPc(int id, String program, int pc) implements Breakpoint {
    }

    /**
     * Stops when a run enters a C line (each time it comes to the line from another line or
     * function). A line without code moves to the next line that has some, as IDEs do.
     *
     * @param id the session's number for it
     * @param file the source file as line info names it
     * @param line the line the run stops at
     * @param requestedLine the line asked for
     */
    record AtLine(int id, String file, int line, int requestedLine) implements Breakpoint {
    }

    /**
     * Stops before each call to a helper or kfunc of this name.
     *
     * @param id the session's number for it
     * @param helper the kernel's name, such as {@code bpf_map_lookup_elem}
     */
    record OnHelper(int id, String helper) implements Breakpoint {
    }
}
