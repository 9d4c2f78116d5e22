package org.ebpftest.assertions;

import org.ebpftest.packet.Icmpv6;

/** Assertions on an ICMPv6 header; see {@link AbstractIcmpv6Assert} for the checks. */
public class Icmpv6Assert extends AbstractIcmpv6Assert<Icmpv6Assert> {

    /** Creates an assertion on a header on its own; prefer navigating from {@code assertThat(packet)}. */
    public Icmpv6Assert(Icmpv6 actual) {
        super(actual, Icmpv6Assert.class);
    }
}
