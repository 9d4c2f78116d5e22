/**
 * A debugger for emulated runs: {@link org.ebpftest.runtime.debug.DebugSession} starts a run of a
 * loaded object's program paused, stops it at breakpoints (by pc, by C {@code file:line}, on
 * helper calls), steps it by instruction or by C line, and reads and changes registers, memory,
 * the stack, the context and maps between steps. The Debug Adapter Protocol server of the command
 * line is built on it.
 */
package org.ebpftest.runtime.debug;
