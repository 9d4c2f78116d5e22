package org.ebpftest.assertions;

import org.ebpftest.packet.Icmp;

/** Assertions on an ICMP header; see {@link AbstractIcmpAssert} for the checks. */
public class IcmpAssert extends AbstractIcmpAssert<IcmpAssert> {

    /** Creates an assertion on a header on its own; prefer navigating from {@code assertThat(packet)}. */
    public IcmpAssert(Icmp actual) {
        super(actual, IcmpAssert.class);
    }
}
