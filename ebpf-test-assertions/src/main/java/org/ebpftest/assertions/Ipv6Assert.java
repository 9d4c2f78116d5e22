package org.ebpftest.assertions;

import org.ebpftest.packet.Ipv6;

/** Assertions on an IPv6 header and its extension headers; see {@link AbstractIpv6Assert} for the checks. */
public class Ipv6Assert extends AbstractIpv6Assert<Ipv6Assert> {

    /** Creates an assertion on a header on its own; prefer navigating from {@code assertThat(packet)}. */
    public Ipv6Assert(Ipv6 actual) {
        super(actual, Ipv6Assert.class);
    }
}
