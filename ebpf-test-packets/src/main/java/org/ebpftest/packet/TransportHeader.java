package org.ebpftest.packet;

/** What TCP and UDP headers have in common: the two ports and a checksum over the IP pseudo-header. */
public sealed interface TransportHeader extends Checksummed permits Tcp, Udp {

    /** Source port. */
    int sourcePort();

    /** Destination port. */
    int destinationPort();
}
