package org.ebpftest.assertions;

import org.ebpftest.packet.ChecksumStatus;
import org.ebpftest.packet.Udp;

/**
 * Checks of a UDP header: ports, length and checksum.
 *
 * @param <SELF> the concrete assertion, returned by every check
 */
public abstract class AbstractUdpAssert<SELF extends AbstractUdpAssert<SELF>> extends AbstractLayerAssert<SELF, Udp> {

    /** Creates an assertion on a UDP header. */
    protected AbstractUdpAssert(Udp actual, Class<?> selfType) {
        super(actual, selfType);
    }

    /** Checks the source port. */
    public SELF hasSourcePort(int port) {
        Args.port("source port", port);
        return skip() ? myself : expectField("source port", port, actual.sourcePort());
    }

    /** Checks the destination port. */
    public SELF hasDestinationPort(int port) {
        Args.port("destination port", port);
        return skip() ? myself : expectField("destination port", port, actual.destinationPort());
    }

    /** Checks the length field: header plus data, in bytes. */
    public SELF hasLength(int length) {
        Args.u16("length", length);
        return skip() ? myself : expectField("length", length, actual.udpLength());
    }

    /**
     * Checks that the checksum verifies; the failure shows the computed and the carried checksum.
     * A zero checksum over IPv4 means "none" and fails here; use {@link #hasNoChecksum()} for it.
     */
    public SELF hasValidChecksum() {
        return skip() ? myself
                : expectValidChecksum("checksum", actual.checksumStatus(), actual.checksum(), actual.computedChecksum());
    }

    /** Checks that the datagram carries no checksum: 0 over IPv4. */
    public SELF hasNoChecksum() {
        if (skip() || actual.checksumStatus() == ChecksumStatus.ABSENT) {
            return myself;
        }
        throw failure("Expecting " + label() + " checksum of packet to be absent (0x0000 over IPv4) but was: "
                + Names.hex16(actual.checksum()));
    }

    /** Checks the checksum field as carried. */
    public SELF hasChecksum(int checksum) {
        Args.u16("checksum", checksum);
        return skip() ? myself : expectField("checksum", Names.hex16(checksum), Names.hex16(actual.checksum()));
    }
}
