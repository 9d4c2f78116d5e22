package org.ebpftest.assertions;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.ebpftest.packet.IpProtocol;
import org.ebpftest.packet.Ipv6;
import org.ebpftest.packet.Ipv6Extension;

/**
 * Checks of an IPv6 header (addresses: see {@link AbstractIpAssert}) and the chain of extension headers
 * after it.
 *
 * @param <SELF> the concrete assertion, returned by every check
 */
public abstract class AbstractIpv6Assert<SELF extends AbstractIpv6Assert<SELF>> extends AbstractIpAssert<SELF, Ipv6> {

    /** Creates an assertion on an IPv6 header. */
    protected AbstractIpv6Assert(Ipv6 actual, Class<?> selfType) {
        super(actual, selfType, 6);
    }

    /** Checks the hop limit. */
    public SELF hasHopLimit(int hopLimit) {
        Args.u8("hop limit", hopLimit);
        return skip() ? myself : expectField("hop limit", hopLimit, actual.hopLimit());
    }

    /** Checks the next header field of the fixed header: an extension header or the upper-layer protocol. */
    public SELF hasNextHeader(int nextHeader) {
        Args.u8("next header", nextHeader);
        return skip() ? myself : expectField("next header", Names.ipProtocol(nextHeader), Names.ipProtocol(actual.nextHeader()));
    }

    /** Checks the protocol after the extension header chain, such as 6 for TCP. */
    public SELF hasUpperLayerProtocol(int protocol) {
        Args.u8("upper-layer protocol", protocol);
        return skip() ? myself
                : expectField("upper-layer protocol", Names.ipProtocol(protocol), Names.ipProtocol(actual.upperLayerProtocol()));
    }

    /** Checks the payload length field: bytes after the fixed header, extension headers included. */
    public SELF hasPayloadLength(int payloadLength) {
        Args.u16("payload length", payloadLength);
        return skip() ? myself : expectField("payload length", payloadLength, actual.payloadLength());
    }

    /** Checks the traffic class byte (DSCP and ECN). */
    public SELF hasTrafficClass(int trafficClass) {
        Args.u8("traffic class", trafficClass);
        return skip() ? myself : expectField("traffic class", trafficClass, actual.trafficClass());
    }

    /** Checks the 20-bit flow label. */
    public SELF hasFlowLabel(int flowLabel) {
        Args.range("flow label", flowLabel, 0, 0xfffff);
        return skip() ? myself : expectField("flow label", flowLabel, actual.flowLabel());
    }

    /**
     * Checks the extension headers, exactly and in order, by the next header values that announce
     * them: {@code IpProtocol.HOP_BY_HOP}, {@code ROUTING}, {@code FRAGMENT}, {@code DESTINATION_OPTIONS}.
     */
    public SELF hasExtensionHeaders(int... types) {
        Args.notNull("extension header types", types);
        for (int type : types) {
            Args.u8("extension header type", type);
        }
        if (skip()) {
            return myself;
        }
        List<Integer> found = actual.extensions().stream().map(Ipv6Extension::type).collect(Collectors.toList());
        List<Integer> expected = Arrays.stream(types).boxed().collect(Collectors.toList());
        return expectField("extension headers", names(expected), names(found));
    }

    /** Checks that no extension header follows the fixed header. */
    public SELF hasNoExtensionHeaders() {
        return hasExtensionHeaders();
    }

    /** Checks that a fragment extension header is present. */
    public SELF isFragment() {
        if (skip() || actual.isFragment()) {
            return myself;
        }
        throw failure("Expecting " + label() + " of packet to be a fragment (to have a fragment header) but its extension"
                + " headers were: " + names(actual.extensions().stream().map(Ipv6Extension::type).collect(Collectors.toList())));
    }

    /** Checks that no fragment extension header is present. */
    public SELF isNotFragment() {
        if (skip() || !actual.isFragment()) {
            return myself;
        }
        Ipv6Extension fragment = actual.extensions().stream().filter(e -> e.type() == IpProtocol.FRAGMENT).findFirst()
                .orElseThrow();
        throw failure("Expecting " + label() + " of packet not to be a fragment but it has a fragment header: offset "
                + fragment.fragmentOffset() + (fragment.moreFragments() ? " M" : "") + " id " + fragment.identification());
    }

    private static String names(List<Integer> types) {
        return types.stream().map(Names::ipProtocol).collect(Collectors.joining(", ", "[", "]"));
    }
}
