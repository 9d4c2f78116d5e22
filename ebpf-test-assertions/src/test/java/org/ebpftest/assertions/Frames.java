package org.ebpftest.assertions;

import org.ebpftest.packet.Packet;
import org.ebpftest.packet.Packets;
import org.ebpftest.packet.TcpFlag;

/** Packets the assertion tests check, built once. */
final class Frames {

    /** Ethernet, IPv4 10.0.0.1 > 10.0.0.99 ttl 64, TCP 12345 > 80 SYN, no payload: 54 bytes. */
    static final byte[] TCP_SYN = Packets.ethernet().source("02:00:00:00:00:01").destination("02:00:00:00:00:02")
            .ipv4().source("10.0.0.1").destination("10.0.0.99").ttl(64)
            .tcp().sourcePort(12345).destinationPort(80).flags(TcpFlag.SYN)
            .build();

    /** The summary lines of {@link #TCP_SYN}, as failure messages print them after {@code packet:}. */
    static final String TCP_SYN_SUMMARY = ""
            + "  Ethernet 02:00:00:00:00:01 > 02:00:00:00:00:02 type 0x0800\n"
            + "  IPv4 10.0.0.1 > 10.0.0.99 ttl 64 protocol 6 length 40\n"
            + "  TCP 12345 > 80 [SYN] seq 0 ack 0 window 65535\n"
            + "  payload 0 bytes";

    /** A VLAN-tagged TCP segment with every field and option set, and a payload. */
    static final Packet TCP_DATA = Packets.ethernet().source("02:00:00:00:00:0a").destination("02:00:00:00:00:0b").vlan(100, 3)
            .ipv4().source("10.1.2.3").destination("10.3.2.1").ttl(7).dscp(46).ecn(1).identification(999)
            .tcp().sourcePort(40000).destinationPort(8080).sequenceNumber(0xfffffff0L).acknowledgmentNumber(77)
            .flags(TcpFlag.ACK, TcpFlag.PSH).window(1024)
            .mss(1460).sackPermitted().timestamps(100, 200).windowScale(7)
            .payload("GET / HTTP/1.0\r\n\r\n")
            .buildPacket();

    /** UDP 1234 > 53 over IPv4 with the payload {@code hi}. */
    static final Packet UDP = Packets.ethernet().ipv4().source("10.0.0.1").destination("10.0.0.2")
            .udp().sourcePort(1234).destinationPort(53).payload("hi")
            .buildPacket();

    /** IPv6 2001:db8::1 > 2001:db8::2 with a hop-by-hop header, then an ICMPv6 echo request id 7 seq 1. */
    static final Packet ICMPV6_ECHO = Packets.ethernet()
            .ipv6().source("2001:db8::1").destination("2001:db8::2").hopLimit(64).trafficClass(0x28).flowLabel(12345)
            .hopByHop()
            .icmpv6().echoRequest(7, 1)
            .buildPacket();

    private Frames() {
    }

    /** A copy of {@code frame} with one byte changed by {@code delta}. */
    static byte[] withByte(byte[] frame, int offset, int delta) {
        byte[] copy = frame.clone();
        copy[offset] += delta;
        return copy;
    }
}
