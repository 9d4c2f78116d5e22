package org.ebpftest.assertions;

import org.ebpftest.assertions.packet.Icmp;

/**
 * Checks of an ICMP (for IPv4) header: type, code, echo fields and checksum.
 *
 * @param <SELF> the concrete assertion, returned by every check
 */
public abstract class AbstractIcmpAssert<SELF extends AbstractIcmpAssert<SELF>> extends AbstractLayerAssert<SELF, Icmp> {

    /** Creates an assertion on an ICMP (for IPv4) header. */
    protected AbstractIcmpAssert(Icmp actual, Class<?> selfType) {
        super(actual, selfType);
    }

    /** Checks the message type; see the constants of {@link Icmp}. */
    public SELF hasType(int type) {
        Args.u8("type", type);
        return skip() ? myself : expectField("type", Names.icmpType(type), Names.icmpType(actual.type()));
    }

    /** Checks the message code. */
    public SELF hasCode(int code) {
        Args.u8("code", code);
        return skip() ? myself : expectField("code", code, actual.code());
    }

    /** Checks that the message is an echo request. */
    public SELF isEchoRequest() {
        return hasType(Icmp.ECHO_REQUEST);
    }

    /** Checks that the message is an echo reply. */
    public SELF isEchoReply() {
        return hasType(Icmp.ECHO_REPLY);
    }

    /** Checks the echo identifier (bytes 4-5). */
    public SELF hasIdentifier(int identifier) {
        Args.u16("identifier", identifier);
        return skip() ? myself : expectField("identifier", identifier, actual.identifier());
    }

    /** Checks the echo sequence number (bytes 6-7). */
    public SELF hasSequence(int sequenceNumber) {
        Args.u16("sequence number", sequenceNumber);
        return skip() ? myself : expectField("sequence number", sequenceNumber, actual.sequenceNumber());
    }

    /** Checks that the checksum over the whole message verifies; the failure shows the computed and the carried checksum. */
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
