package org.ebpftest.assertions;

import org.ebpftest.packet.Icmp;
import org.ebpftest.packet.IcmpMessage;
import org.ebpftest.packet.Icmpv6;

/**
 * The checks ICMP and ICMPv6 headers share: type, code, echo fields and checksum. Each protocol
 * names its own types and echo numbers.
 *
 * @param <SELF> the assertion type, for chaining
 * @param <A> the header type
 */
public abstract class AbstractIcmpMessageAssert<SELF extends AbstractIcmpMessageAssert<SELF, A>, A extends IcmpMessage>
        extends AbstractLayerAssert<SELF, A> {

    /** Creates an assertion on an ICMP or ICMPv6 header. */
    protected AbstractIcmpMessageAssert(A actual, Class<?> selfType) {
        super(actual, selfType);
    }

    /** The type number with its name, as failure messages print it. */
    abstract Object typeName(int type);

    /** The type number of an echo request in this protocol. */
    abstract int echoRequestType();

    /** The type number of an echo reply in this protocol. */
    abstract int echoReplyType();

    /** Checks the message type; see the constants of {@link Icmp} and {@link Icmpv6}. */
    public SELF hasType(int type) {
        Args.u8("type", type);
        return skip() ? myself : expectField("type", typeName(type), typeName(actual.type()));
    }

    /** Checks the message code. */
    public SELF hasCode(int code) {
        Args.u8("code", code);
        return skip() ? myself : expectField("code", code, actual.code());
    }

    /** Checks that the message is an echo request. */
    public SELF isEchoRequest() {
        return hasType(echoRequestType());
    }

    /** Checks that the message is an echo reply. */
    public SELF isEchoReply() {
        return hasType(echoReplyType());
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
