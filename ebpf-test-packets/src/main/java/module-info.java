/**
 * The packet model (builders and parsers for Ethernet, IP, TCP, UDP, ...) and pcap files.
 */
module org.ebpftest.packet {
    exports org.ebpftest.packet;
    exports org.ebpftest.packet.pcap;
}
