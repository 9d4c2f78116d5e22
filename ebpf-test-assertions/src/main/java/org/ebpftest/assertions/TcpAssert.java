package org.ebpftest.assertions;

import org.ebpftest.packet.Tcp;

/** Assertions on a TCP header; see {@link AbstractTcpAssert} for the checks. */
public class TcpAssert extends AbstractTcpAssert<TcpAssert> {

    /** Creates an assertion on a header on its own; prefer navigating from {@code assertThat(packet)}. */
    public TcpAssert(Tcp actual) {
        super(actual, TcpAssert.class);
    }
}
