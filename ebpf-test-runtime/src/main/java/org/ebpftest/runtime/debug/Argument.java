package org.ebpftest.runtime.debug;

/**
 * A C function's parameter with the value its frame was called with: the name and type from the
 * function's BTF prototype, the value from r1 to r5 as they were at the function's first
 * instruction (the registers themselves may have changed since).
 *
 * @param name the parameter's name in C
 * @param type its C type, such as {@code struct xdp_md *}
 * @param value the value passed, as the 64-bit register held it
 */
public record Argument(String name, String type, long value) {
}
