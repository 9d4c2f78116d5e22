package org.ebpftest.assertions;

import org.ebpftest.packet.Vlan;

/** Assertions on an 802.1Q or 802.1ad VLAN tag; see {@link AbstractVlanAssert} for the checks. */
public class VlanAssert extends AbstractVlanAssert<VlanAssert> {

    /** Creates an assertion on a header on its own; prefer navigating from {@code assertThat(packet)}. */
    public VlanAssert(Vlan actual) {
        super(actual, VlanAssert.class);
    }
}
