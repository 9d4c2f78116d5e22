package org.ebpftest.assertions;

import java.util.OptionalLong;
import org.ebpftest.packet.Gre;

/**
 * Checks of a GRE header: protocol type, key, sequence number and the optional checksum.
 *
 * @param <SELF> the concrete assertion, returned by every check
 */
public abstract class AbstractGreAssert<SELF extends AbstractGreAssert<SELF>> extends AbstractLayerAssert<SELF, Gre> {

    private static final String ABSENT = "absent";

    /** Creates an assertion on a GRE header. */
    protected AbstractGreAssert(Gre actual, Class<?> selfType) {
        super(actual, selfType);
    }

    /** Checks the EtherType of the payload, such as 0x0800 for IPv4 or 0x6558 for Ethernet. */
    public SELF hasProtocolType(int protocolType) {
        Args.u16("protocol type", protocolType);
        return skip() ? myself
                : expectField("protocol type", Names.etherType(protocolType), Names.etherType(actual.protocolType()));
    }

    /** Checks the key (K bit set and the given value). */
    public SELF hasKey(long key) {
        Args.u32("key", key);
        return skip() ? myself : expectField("key", key, value(actual.key()));
    }

    /** Checks that the header carries no key (K bit clear). */
    public SELF hasNoKey() {
        return skip() ? myself : expectField("key", ABSENT, value(actual.key()));
    }

    /** Checks the sequence number (S bit set and the given value). */
    public SELF hasSequence(long sequenceNumber) {
        Args.u32("sequence number", sequenceNumber);
        return skip() ? myself : expectField("sequence number", sequenceNumber, value(actual.sequenceNumber()));
    }

    /**
     * Checks that the header carries a checksum (C bit) and that it verifies over header and
     * payload; the failure shows the computed and the carried checksum.
     */
    public SELF hasValidChecksum() {
        return skip() ? myself
                : expectValidChecksum("checksum", actual.checksumStatus(), actual.checksum().orElse(0), actual.computedChecksum());
    }

    private static Object value(OptionalLong value) {
        return value.isPresent() ? (Object) value.getAsLong() : ABSENT;
    }
}
