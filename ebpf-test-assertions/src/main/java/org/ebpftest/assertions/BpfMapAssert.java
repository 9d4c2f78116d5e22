package org.ebpftest.assertions;

import org.ebpftest.runtime.linux.maps.BpfMap;

/** Assertions on the contents of a map; see {@link AbstractBpfMapAssert} for the checks. */
public class BpfMapAssert extends AbstractBpfMapAssert<BpfMapAssert> {

    /** Creates an assertion on a map whose keys and values print as hex; {@code EbpfAssertions.assertThat(map)} is the usual way. */
    public BpfMapAssert(BpfMap actual) {
        super(actual, BpfMapAssert.class);
    }
}
