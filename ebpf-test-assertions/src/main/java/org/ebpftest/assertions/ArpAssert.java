package org.ebpftest.assertions;

import org.ebpftest.packet.Arp;

/** Assertions on an ARP packet; see {@link AbstractArpAssert} for the checks. */
public class ArpAssert extends AbstractArpAssert<ArpAssert> {

    /** Creates an assertion on a header on its own; prefer navigating from {@code assertThat(packet)}. */
    public ArpAssert(Arp actual) {
        super(actual, ArpAssert.class);
    }
}
