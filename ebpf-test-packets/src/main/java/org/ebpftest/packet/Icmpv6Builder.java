package org.ebpftest.packet;

/**
 * Builds an ICMPv6 header; see {@link Packets}. Defaults to an echo request with identifier and
 * sequence number 0; the checksum (over the IPv6 pseudo-header) is computed unless overridden.
 */
public final class Icmpv6Builder extends IcmpMessageBuilder<Icmpv6Builder> {

    Icmpv6Builder(Draft draft, Draft.Spec after) {
        super(draft, "ICMPv6", Icmpv6.ECHO_REQUEST);
        draft.add(after, new Draft.Spec("icmpv6", -1, IpProtocol.ICMPV6, this::encode));
    }

    /** Makes an echo request (type 128) with this identifier and sequence number. */
    public Icmpv6Builder echoRequest(int identifier, int sequenceNumber) {
        return echo(Icmpv6.ECHO_REQUEST, identifier, sequenceNumber);
    }

    /** Makes an echo reply (type 129) with this identifier and sequence number. */
    public Icmpv6Builder echoReply(int identifier, int sequenceNumber) {
        return echo(Icmpv6.ECHO_REPLY, identifier, sequenceNumber);
    }

    @Override
    int computeChecksum(byte[] message, Draft d, int index) {
        return d.transportChecksum(index, IpProtocol.ICMPV6, message, 2);
    }
}
