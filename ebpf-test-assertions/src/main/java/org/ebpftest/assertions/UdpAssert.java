package org.ebpftest.assertions;

import org.ebpftest.packet.Udp;

/** Assertions on a UDP header; see {@link AbstractUdpAssert} for the checks. */
public class UdpAssert extends AbstractUdpAssert<UdpAssert> {

    /** Creates an assertion on a header on its own; prefer navigating from {@code assertThat(packet)}. */
    public UdpAssert(Udp actual) {
        super(actual, UdpAssert.class);
    }
}
