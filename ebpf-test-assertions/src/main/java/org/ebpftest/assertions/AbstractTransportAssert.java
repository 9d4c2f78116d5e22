package org.ebpftest.assertions;

import org.ebpftest.packet.Layer;
import org.ebpftest.packet.TransportHeader;

/**
 * The checks TCP and UDP headers share: ports, and the checksum over the IP pseudo-header.
 *
 * @param <SELF> the concrete assertion, returned by every check
 * @param <L> the kind of header
 */
public abstract class AbstractTransportAssert<SELF extends AbstractTransportAssert<SELF, L>, L extends Layer & TransportHeader>
        extends AbstractChecksummedAssert<SELF, L> {

    /** Creates an assertion on a TCP or UDP header. */
    protected AbstractTransportAssert(L actual, Class<?> selfType) {
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
}
