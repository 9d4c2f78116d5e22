package org.ebpftest.assertions;

import java.util.function.IntFunction;
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
        extends AbstractChecksummedAssert<SELF, A> {

    private final IntFunction<Object> typeName;
    private final int echoRequest;
    private final int echoReply;

    /**
     * Creates an assertion on an ICMP or ICMPv6 header.
     *
     * @param typeName a type number with its name, as failure messages print it
     * @param echoRequest the type number of an echo request in this protocol
     * @param echoReply the type number of an echo reply in this protocol
     */
    protected AbstractIcmpMessageAssert(A actual, Class<?> selfType, IntFunction<Object> typeName, int echoRequest,
                                        int echoReply) {
        super(actual, selfType);
        this.typeName = typeName;
        this.echoRequest = echoRequest;
        this.echoReply = echoReply;
    }

    /** Checks the message type; see the constants of {@link Icmp} and {@link Icmpv6}. */
    public SELF hasType(int type) {
        Args.u8("type", type);
        return skip() ? myself : expectField("type", typeName.apply(type), typeName.apply(actual.type()));
    }

    /** Checks the message code. */
    public SELF hasCode(int code) {
        Args.u8("code", code);
        return skip() ? myself : expectField("code", code, actual.code());
    }

    /** Checks that the message is an echo request. */
    public SELF isEchoRequest() {
        return hasType(echoRequest);
    }

    /** Checks that the message is an echo reply. */
    public SELF isEchoReply() {
        return hasType(echoReply);
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
}
