package org.ebpftest.assertions;

import org.ebpftest.packet.Icmp;

/**
 * Checks of an ICMP (for IPv4) header: type, code, echo fields and checksum (see {@link AbstractIcmpMessageAssert}).
 *
 * @param <SELF> the assertion type, for chaining
 */
public abstract class AbstractIcmpAssert<SELF extends AbstractIcmpAssert<SELF>> extends AbstractIcmpMessageAssert<SELF, Icmp> {

    /** Creates an assertion on an ICMP (for IPv4) header. */
    protected AbstractIcmpAssert(Icmp actual, Class<?> selfType) {
        super(actual, selfType, Names::icmpType, Icmp.ECHO_REQUEST, Icmp.ECHO_REPLY);
    }
}
