package org.ebpftest.assertions;

import org.ebpftest.packet.Geneve;

/** Assertions on a GENEVE header; see {@link AbstractGeneveAssert} for the checks. */
public class GeneveAssert extends AbstractGeneveAssert<GeneveAssert> {

    /** Creates an assertion on a header on its own; prefer navigating from {@code assertThat(packet)}. */
    public GeneveAssert(Geneve actual) {
        super(actual, GeneveAssert.class);
    }
}
