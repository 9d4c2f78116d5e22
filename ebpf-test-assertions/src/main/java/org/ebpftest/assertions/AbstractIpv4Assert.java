package org.ebpftest.assertions;

import org.ebpftest.packet.Ipv4;

/**
 * Checks of an IPv4 header: addresses (see {@link AbstractIpAssert}), TTL, protocol, lengths, DSCP/ECN, fragmentation and the
 * header checksum.
 *
 * @param <SELF> the concrete assertion, returned by every check
 */
public abstract class AbstractIpv4Assert<SELF extends AbstractIpv4Assert<SELF>> extends AbstractIpAssert<SELF, Ipv4> {

    /** Creates an assertion on an IPv4 header. */
    protected AbstractIpv4Assert(Ipv4 actual, Class<?> selfType) {
        super(actual, selfType, 4);
    }

    /** Checks the time to live. */
    public SELF hasTtl(int ttl) {
        Args.u8("ttl", ttl);
        return skip() ? myself : expectField("ttl", ttl, actual.ttl());
    }

    /** Checks the protocol of the payload; see {@code IpProtocol} for the constants. */
    public SELF hasProtocol(int protocol) {
        Args.u8("protocol", protocol);
        return skip() ? myself : expectField("protocol", Names.ipProtocol(protocol), Names.ipProtocol(actual.protocol()));
    }

    /** Checks the total length field: header plus data, in bytes. */
    public SELF hasTotalLength(int totalLength) {
        Args.u16("total length", totalLength);
        return skip() ? myself : expectField("total length", totalLength, actual.totalLength());
    }

    /** Checks the declared header length in bytes (IHL times 4): 20 without options. */
    public SELF hasHeaderLength(int bytes) {
        Args.range("header length", bytes, 0, 60);
        return skip() ? myself : expectField("header length", bytes, actual.headerLength());
    }

    /** Checks the identification field. */
    public SELF hasIdentification(int identification) {
        Args.u16("identification", identification);
        return skip() ? myself : expectField("identification", identification, actual.identification());
    }

    /** Checks the differentiated services code point, such as 46 for expedited forwarding. */
    public SELF hasDscp(int dscp) {
        Args.range("DSCP", dscp, 0, 63);
        return skip() ? myself : expectField("DSCP", dscp, actual.dscp());
    }

    /** Checks the two explicit congestion notification bits. */
    public SELF hasEcn(int ecn) {
        Args.range("ECN", ecn, 0, 3);
        return skip() ? myself : expectField("ECN", ecn, actual.ecn());
    }

    /** Checks the don't-fragment flag. */
    public SELF hasDontFragment(boolean set) {
        return skip() ? myself : expectField("DF flag", flag(set), flag(actual.dontFragment()));
    }

    /** Checks that the datagram is a fragment: MF is set or the fragment offset is not 0. */
    public SELF isFragment() {
        if (skip() || actual.isFragment()) {
            return myself;
        }
        throw failure("Expecting " + label() + " of packet to be a fragment (MF set or fragment offset not 0) but was: "
                + fragmentation());
    }

    /** Checks that the datagram is whole: MF is clear and the fragment offset is 0. */
    public SELF isNotFragment() {
        if (skip() || !actual.isFragment()) {
            return myself;
        }
        throw failure("Expecting " + label() + " of packet not to be a fragment but was: " + fragmentation());
    }

    /** Checks the fragment offset field, in units of 8 bytes. */
    public SELF hasFragmentOffset(int units) {
        Args.range("fragment offset", units, 0, 0x1fff);
        return skip() ? myself : expectField("fragment offset", units, actual.fragmentOffset());
    }

    /** Checks that the header checksum verifies; the failure shows the computed and the carried checksum. */
    public SELF hasValidChecksum() {
        return skip() ? myself
                : expectValidChecksum("header checksum", actual.checksumStatus(), actual.checksum(), actual.computedChecksum());
    }

    /** Checks the header checksum field as carried. */
    public SELF hasChecksum(int checksum) {
        Args.u16("checksum", checksum);
        return skip() ? myself : expectField("header checksum", Names.hex16(checksum), Names.hex16(actual.checksum()));
    }

    private String fragmentation() {
        return "MF " + (actual.moreFragments() ? "set" : "clear") + ", fragment offset " + actual.fragmentOffset();
    }

    private static String flag(boolean set) {
        return set ? "set" : "clear";
    }
}
