package org.ebpftest.assertions;

import org.ebpftest.packet.IpAddress;
import org.ebpftest.packet.IpHeader;
import org.ebpftest.packet.Layer;

/**
 * The checks IPv4 and IPv6 headers share: the addresses, each given as text or as an
 * {@link IpAddress} of the header's version.
 *
 * @param <SELF> the concrete assertion, returned by every check
 * @param <L> the kind of header
 */
public abstract class AbstractIpAssert<SELF extends AbstractIpAssert<SELF, L>, L extends Layer & IpHeader>
        extends AbstractLayerAssert<SELF, L> {

    private final int version;

    /** Creates an assertion on an IP header of {@code version} 4 or 6, the version expected addresses must have. */
    protected AbstractIpAssert(L actual, Class<?> selfType, int version) {
        super(actual, selfType);
        this.version = version;
    }

    /**
     * Checks the source address: a dotted quad like {@code 10.0.0.1} for IPv4, a literal like
     * {@code 2001:db8::1} for IPv6.
     *
     * @throws IllegalArgumentException if {@code address} is not an address of the header's IP version
     */
    public SELF hasSource(String address) {
        return hasSource(Args.ip(expected("source"), address, version));
    }

    /**
     * Checks the source address.
     *
     * @throws IllegalArgumentException if {@code address} is not of the header's IP version
     */
    public SELF hasSource(IpAddress address) {
        Args.version(expected("source"), address, version);
        return skip() ? myself : expectField("source", address, actual.source());
    }

    /**
     * Checks the destination address: a dotted quad like {@code 10.0.0.99} for IPv4, a literal like
     * {@code 2001:db8::2} for IPv6.
     *
     * @throws IllegalArgumentException if {@code address} is not an address of the header's IP version
     */
    public SELF hasDestination(String address) {
        return hasDestination(Args.ip(expected("destination"), address, version));
    }

    /**
     * Checks the destination address.
     *
     * @throws IllegalArgumentException if {@code address} is not of the header's IP version
     */
    public SELF hasDestination(IpAddress address) {
        Args.version(expected("destination"), address, version);
        return skip() ? myself : expectField("destination", address, actual.destination());
    }

    /** How an invalid argument is named: {@code expected IPv4 source}. */
    private String expected(String field) {
        return "expected IPv" + version + " " + field;
    }
}
