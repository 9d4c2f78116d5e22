package org.ebpftest.assertions;

import org.ebpftest.packet.Gre;

/** Assertions on a GRE header; see {@link AbstractGreAssert} for the checks. */
public class GreAssert extends AbstractGreAssert<GreAssert> {

    /** Creates an assertion on a header on its own; prefer navigating from {@code assertThat(packet)}. */
    public GreAssert(Gre actual) {
        super(actual, GreAssert.class);
    }
}
