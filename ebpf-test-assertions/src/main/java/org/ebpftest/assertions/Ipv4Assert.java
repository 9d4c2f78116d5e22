package org.ebpftest.assertions;

import org.ebpftest.packet.Ipv4;

/** Assertions on an IPv4 header; see {@link AbstractIpv4Assert} for the checks. */
public class Ipv4Assert extends AbstractIpv4Assert<Ipv4Assert> {

    /** Creates an assertion on a header on its own; prefer navigating from {@code assertThat(packet)}. */
    public Ipv4Assert(Ipv4 actual) {
        super(actual, Ipv4Assert.class);
    }
}
