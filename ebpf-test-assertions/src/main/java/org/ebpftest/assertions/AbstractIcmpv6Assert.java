package org.ebpftest.assertions;

import org.ebpftest.packet.Icmpv6;

/**
 * Checks of an ICMPv6 header: type, code, echo fields and checksum (see {@link AbstractIcmpMessageAssert}).
 *
 * @param <SELF> the assertion type, for chaining
 */
public abstract class AbstractIcmpv6Assert<SELF extends AbstractIcmpv6Assert<SELF>> extends AbstractIcmpMessageAssert<SELF, Icmpv6> {

    /** Creates an assertion on an ICMPv6 header. */
    protected AbstractIcmpv6Assert(Icmpv6 actual, Class<?> selfType) {
        super(actual, selfType, Names::icmpv6Type, Icmpv6.ECHO_REQUEST, Icmpv6.ECHO_REPLY);
    }
}
