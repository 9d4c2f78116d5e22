package org.ebpftest.packet;

/**
 * Builds an ICMP (for IPv4) header; see {@link Packets}. Defaults to an echo request with
 * identifier and sequence number 0; the checksum is computed unless overridden.
 */
public final class IcmpBuilder extends IcmpMessageBuilder<IcmpBuilder> {

    IcmpBuilder(Draft draft, Draft.Spec after) {
        super(draft, "ICMP", Icmp.ECHO_REQUEST);
        draft.add(after, new Draft.Spec("icmp", -1, IpProtocol.ICMP, this::encode));
    }

    /** Makes an echo request (type 8) with this identifier and sequence number. */
    public IcmpBuilder echoRequest(int identifier, int sequenceNumber) {
        return echo(Icmp.ECHO_REQUEST, identifier, sequenceNumber);
    }

    /** Makes an echo reply (type 0) with this identifier and sequence number. */
    public IcmpBuilder echoReply(int identifier, int sequenceNumber) {
        return echo(Icmp.ECHO_REPLY, identifier, sequenceNumber);
    }

    @Override
    int computeChecksum(byte[] message, Draft d, int index) {
        return InternetChecksum.checksum(message, 0, message.length);
    }
}
