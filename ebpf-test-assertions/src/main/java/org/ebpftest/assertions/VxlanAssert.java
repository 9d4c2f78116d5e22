package org.ebpftest.assertions;

import org.ebpftest.packet.Vxlan;

/** Assertions on a VXLAN header; see {@link AbstractVxlanAssert} for the checks. */
public class VxlanAssert extends AbstractVxlanAssert<VxlanAssert> {

    /** Creates an assertion on a header on its own; prefer navigating from {@code assertThat(packet)}. */
    public VxlanAssert(Vxlan actual) {
        super(actual, VxlanAssert.class);
    }
}
