package org.ebpftest.runtime.vm;

import java.util.Objects;

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

    /**
     * Whether {@link #check} answers a load from its offset and size alone, whatever else happens:
     * true for the verifier's rules of a context type. The VM then asks once per offset and size
     * and remembers the loads allowed, so that a program reading its context again and again pays
     * for the rules once; a refused load is asked again each time, so its message is always the
     * guard's.
     */
    default boolean fixedLoadRules() {
        return false;
    }

    /** {@code rules} as a guard whose answers for loads depend on nothing but offset and size (see {@link #fixedLoadRules()}). */
    static AccessGuard fixedRules(AccessGuard rules) {
        Objects.requireNonNull(rules, "rules");
        return new AccessGuard() {
            @Override
            public String check(int offset, int size, boolean store) {
                return rules.check(offset, size, store);
            }

            @Override
            public boolean fixedLoadRules() {
                return true;
            }
        };
    }
}
