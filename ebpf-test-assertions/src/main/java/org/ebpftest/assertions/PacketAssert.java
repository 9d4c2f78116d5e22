package org.ebpftest.assertions;

import org.ebpftest.packet.Packet;

/** Assertions on a parsed packet; see {@link AbstractPacketAssert} for the checks and the navigation to headers. */
public class PacketAssert extends AbstractPacketAssert<PacketAssert> {

    /** Creates an assertion on a packet; {@code EbpfAssertions.assertThat(packet)} is the usual way. */
    public PacketAssert(Packet actual) {
        super(actual, PacketAssert.class);
    }
}
