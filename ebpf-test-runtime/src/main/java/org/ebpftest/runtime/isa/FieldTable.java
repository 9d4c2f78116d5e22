package org.ebpftest.runtime.isa;

import java.util.function.ToIntFunction;

/**
 * Decoding of the opcode fields that are enums: one table from a field's value to its constant,
 * built once, so that each field enum states its codes and nothing else.
 */
final class FieldTable<E extends Enum<E>> {
    private final Object[] byValue;
    private final int shift;
    private final int mask;

    /**
     * A table for a field that sits in the bits {@code mask} of a value; codes are given already
     * shifted into place, as in an opcode.
     */
    FieldTable(E[] constants, ToIntFunction<E> code, int mask) {
        this.mask = mask;
        this.shift = Integer.numberOfTrailingZeros(mask);
        this.byValue = new Object[(mask >>> shift) + 1];
        for (E e : constants) {
            byValue[code.applyAsInt(e) >>> shift] = e;
        }
    }

    /** The constant whose code the value's field bits hold, or null when none has it. */
    @SuppressWarnings("unchecked")
    E of(int value) {
        return (E) byValue[(value & mask) >>> shift];
    }
}
