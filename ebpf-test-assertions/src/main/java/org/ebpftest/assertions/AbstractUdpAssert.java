package org.ebpftest.assertions;

import org.ebpftest.packet.ChecksumStatus;
import org.ebpftest.packet.Udp;

/**
 * Checks of a UDP header: length and an absent checksum, besides the ports and checksum of
 * {@link AbstractTransportAssert}.
 *
 * @param <SELF> the concrete assertion, returned by every check
 */
public abstract class AbstractUdpAssert<SELF extends AbstractUdpAssert<SELF>> extends AbstractTransportAssert<SELF, Udp> {

    /** Creates an assertion on a UDP header. */
    protected AbstractUdpAssert(Udp actual, Class<?> selfType) {
        super(actual, selfType);
    }

    /** Checks the length field: header plus data, in bytes. */
    public SELF hasLength(int length) {
        Args.u16("length", length);
        return skip() ? myself : expectField("length", length, actual.udpLength());
    }

    /** Checks that the datagram carries no checksum: 0 over IPv4. */
    public SELF hasNoChecksum() {
        if (skip() || actual.checksumStatus() == ChecksumStatus.ABSENT) {
            return myself;
        }
        throw failure("Expecting " + label() + " checksum of packet to be absent (0x0000 over IPv4) but was: "
                + Names.hex16(actual.checksum()));
    }
}
