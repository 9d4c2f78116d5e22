package org.ebpftest.assertions;

import org.ebpftest.packet.Checksummed;
import org.ebpftest.packet.Layer;

/**
 * The checksum checks of the headers that always carry one: TCP, UDP, ICMP and ICMPv6.
 *
 * @param <SELF> the concrete assertion, returned by every check
 * @param <L> the kind of header
 */
public abstract class AbstractChecksummedAssert<SELF extends AbstractChecksummedAssert<SELF, L>, L extends Layer & Checksummed>
        extends AbstractLayerAssert<SELF, L> {

    /** Creates an assertion on a header with a checksum. */
    protected AbstractChecksummedAssert(L actual, Class<?> selfType) {
        super(actual, selfType);
    }

    /**
     * Checks that the checksum verifies; the failure shows the computed and the carried checksum.
     * A UDP checksum of zero over IPv4 means "none" and fails here; {@code hasNoChecksum()} checks for it.
     */
    public SELF hasValidChecksum() {
        return skip() ? myself
                : expectValidChecksum("checksum", actual.checksumStatus(), actual.checksum(), actual.computedChecksum());
    }

    /** Checks the checksum field as carried. */
    public SELF hasChecksum(int checksum) {
        Args.u16("checksum", checksum);
        return skip() ? myself : expectField("checksum", Names.hex16(checksum), Names.hex16(actual.checksum()));
    }
}
