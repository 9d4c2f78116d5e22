package org.ebpftest.runtime.debug;

/**
 * A variable-sized slot of a frame's stack as the function's own instructions access it, such as
 * {@code *(u32 *)(r10 - 4)}: BTF describes no local variables, so the compiled code's access
 * widths are the types a debugger can give the stack.
 *
 * @param offset the offset from the frame pointer (negative)
 * @param size the access width in bytes (1, 2, 4 or 8)
 * @param value the slot's current value, zero-extended
 */
public record StackSlot(int offset, int size, long value) {

    /** {@code fp-4 (u32)}: how a debugger names the slot. */
    public String name() {
        return "fp" + offset + " (u" + size * 8 + ")";
    }
}
