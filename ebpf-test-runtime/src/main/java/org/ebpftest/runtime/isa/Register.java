package org.ebpftest.runtime.isa;

/** The eleven registers: r0 (return value), r1-r5 (arguments), r6-r9 (callee-saved), r10 (frame pointer, read-only). */
public enum Register {
    /** Return value. */
    R0,
    /** First argument; the context on entry. */
    R1,
    /** Second argument. */
    R2,
    /** Third argument. */
    R3,
    /** Fourth argument. */
    R4,
    /** Fifth argument. */
    R5,
    /** Callee-saved. */
    R6,
    /** Callee-saved. */
    R7,
    /** Callee-saved. */
    R8,
    /** Callee-saved. */
    R9,
    /** Frame pointer, read-only. */
    R10;

    /** The register's number, 0 to 10. */
    public int number() {
        return ordinal();
    }
}
