package org.ebpftest.assertions;

import org.ebpftest.packet.Ethernet;

/** Assertions on an Ethernet II header; see {@link AbstractEthernetAssert} for the checks. */
public class EthernetAssert extends AbstractEthernetAssert<EthernetAssert> {

    /** Creates an assertion on a header on its own; prefer navigating from {@code assertThat(packet)}. */
    public EthernetAssert(Ethernet actual) {
        super(actual, EthernetAssert.class);
    }
}
