package org.ebpftest.runtime.vm;

/**
 * Checks each program access to a {@link Region} beyond its bounds: how a context enforces the
 * verifier's per-field rules (which fields may be read, at which sizes, and which written), so
 * that a forbidden access traps at the instruction that made it.
 */
@FunctionalInterface
public interface AccessGuard {
    /**
     * Decides whether an access may go ahead.
     *
     * @param offset the offset of the access from the start of the region's window
     * @param size the access size in bytes (1, 2, 4 or 8)
     * @param store true for a store, false for a load
     * @return null to allow the access, or why it is refused, for the trap message
     */
    String check(int offset, int size, boolean store);
}
