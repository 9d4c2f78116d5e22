package org.ebpftest.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PacketsBuilderTest {

    @Test
    void buildsTheReferenceTcpSynByteForByte() {
        byte[] frame = Packets.ethernet().source("02:00:00:00:00:01").destination("02:00:00:00:00:02")
                .ipv4().source("10.0.0.1").destination("10.0.0.99").ttl(64)
                .tcp().sourcePort(12345).destinationPort(80).flags(TcpFlag.SYN)
                .build();

        assertThat(frame).isEqualTo(Hex.bytes(PacketParserTest.TCP_SYN));
    }

    @Test
    void buildsTheReferenceUdpDatagramByteForByte() {
        byte[] frame = Packets.ethernet()
                .ipv4().identification(0x1c46).dontFragment(false)
                .udp().sourcePort(1234).destinationPort(53).payload("hi")
                .build();

        assertThat(frame).isEqualTo(Hex.bytes(PacketParserTest.UDP_HI));
    }

    /**
     * ICMPv6 echo request 2001:db8::1 > 2001:db8::2, id 0x1234 seq 1, no data. By hand: pseudo-header
     * 2001+0db8+0001+2001+0db8+0002 (addresses) + 0008 (length) + 003a (next header) = 5bb7; message
     * words 8000+1234+0001 = 9235; total edec, checksum 1213.
     */
    @Test
    void buildsAReferenceIcmpv6EchoRequestByteForByte() {
        byte[] datagram = Packets.ipv6().icmpv6().echoRequest(0x1234, 1).build();

        assertThat(datagram).isEqualTo(Hex.bytes("6000 0000 0008 3a40"
                + "20010db8000000000000000000000001 20010db8000000000000000000000002"
                + "| 8000 1213 1234 0001"));
    }

    @Test
    void roundTripsEveryTcpFieldAndOption() {
        Packet packet = Packets.ethernet().vlan(100, 3)
                .ipv4().source("10.1.2.3").destination("10.3.2.1").ttl(7).dscp(46).ecn(1).identification(999)
                .tcp().sourcePort(1).destinationPort(2).sequenceNumber(0xfffffff0L).acknowledgmentNumber(77)
                .flags(TcpFlag.ACK, TcpFlag.PSH).window(1024).urgentPointer(3)
                .mss(1460).sackPermitted().timestamps(100, 200).nop().windowScale(7).sack(10, 20, 30, 40)
                .payload("GET / HTTP/1.0\r\n\r\n")
                .buildPacket();

        assertThat(packet.problems()).isEmpty();
        Vlan vlan = packet.layer(Vlan.class);
        assertThat(vlan.id()).isEqualTo(100);
        assertThat(vlan.priority()).isEqualTo(3);
        Ipv4 ip = packet.layer(Ipv4.class);
        assertThat(ip.ttl()).isEqualTo(7);
        assertThat(ip.dscp()).isEqualTo(46);
        assertThat(ip.ecn()).isEqualTo(1);
        assertThat(ip.identification()).isEqualTo(999);
        assertThat(ip.totalLength()).isEqualTo(packet.length() - 18);
        assertThat(ip.checksumValid()).isTrue();
        Tcp tcp = packet.layer(Tcp.class);
        assertThat(tcp.sequenceNumber()).isEqualTo(0xfffffff0L);
        assertThat(tcp.acknowledgmentNumber()).isEqualTo(77);
        assertThat(tcp.flags()).containsExactlyInAnyOrder(TcpFlag.ACK, TcpFlag.PSH);
        assertThat(tcp.window()).isEqualTo(1024);
        assertThat(tcp.urgentPointer()).isEqualTo(3);
        assertThat(tcp.mss()).hasValue(1460);
        assertThat(tcp.sackPermitted()).isTrue();
        assertThat(tcp.timestamps()).contains(new TcpOption.Timestamps(100, 200));
        assertThat(tcp.windowScale()).hasValue(7);
        assertThat(tcp.sackBlocks()).containsExactly(new TcpOption.SackBlock(10, 20), new TcpOption.SackBlock(30, 40));
        // 4 (MSS) + 2 (SACK permitted) + 10 (timestamps) + 1 (NOP) + 3 (window scale) + 18 (SACK) = 38, padded to 40
        assertThat(tcp.dataOffset()).isEqualTo(15);
        assertThat(tcp.checksumValid()).isTrue();
        assertThat(packet.payload()).asString().isEqualTo("GET / HTTP/1.0\r\n\r\n");
        assertThat(packet.describe(tcp.offset() + 20)).isEqualTo("TCP option MSS");
        assertThat(packet.describe(tcp.offset() + 24)).isEqualTo("TCP option SACK permitted");
    }

    @Test
    void keepsOverriddenChecksumsAndLengths() {
        Packet packet = Packets.ethernet().etherType(0x0800)
                .ipv4().checksum(0x1234).ttl(1)
                .udp().checksum(0xbeef).length(9).payload("x")
                .buildPacket();

        assertThat(packet.layer(Ipv4.class).checksum()).isEqualTo(0x1234);
        assertThat(packet.layer(Ipv4.class).checksumStatus()).isEqualTo(ChecksumStatus.INVALID);
        assertThat(packet.layer(Udp.class).checksum()).isEqualTo(0xbeef);
        assertThat(packet.layer(Udp.class).checksumStatus()).isEqualTo(ChecksumStatus.INVALID);
        assertThat(packet.layer(Udp.class).udpLength()).isEqualTo(9);
    }

    @Test
    void roundTripsIpv6WithExtensionHeadersToTheUpperLayer() {
        Packet packet = Packets.ethernet()
                .ipv6().source("fd00::1").destination("fd00::2").hopLimit(3).flowLabel(0xabcde).trafficClass(0x20)
                .hopByHop().routing(0, 1, IpAddress.of("fd00::9").bytes()).fragment(0, true, 0xcafe)
                .destinationOptions()
                .udp().sourcePort(5).destinationPort(6).payload("six")
                .buildPacket();

        assertThat(packet.layers()).extracting(Layer::name).containsExactly("Ethernet", "IPv6", "IPv6 hop-by-hop",
                "IPv6 routing", "IPv6 fragment", "IPv6 destination options", "UDP");
        Ipv6 ip = packet.layer(Ipv6.class);
        assertThat(ip.source()).hasToString("fd00::1");
        assertThat(ip.destination()).hasToString("fd00::2");
        assertThat(ip.hopLimit()).isEqualTo(3);
        assertThat(ip.flowLabel()).isEqualTo(0xabcde);
        assertThat(ip.trafficClass()).isEqualTo(0x20);
        assertThat(ip.nextHeader()).isEqualTo(IpProtocol.HOP_BY_HOP);
        assertThat(ip.upperLayerProtocol()).isEqualTo(IpProtocol.UDP);
        assertThat(ip.extensions()).hasSize(4);
        assertThat(ip.isFragment()).isTrue();
        Ipv6Extension routing = packet.layer(Ipv6Extension.class, 1);
        assertThat(routing.segmentsLeft()).isEqualTo(1);
        assertThat(routing.length()).isEqualTo(24);
        Ipv6Extension fragment = packet.layer(Ipv6Extension.class, 2);
        assertThat(fragment.moreFragments()).isTrue();
        assertThat(fragment.identification()).isEqualTo(0xcafe);
        assertThat(packet.layer(Udp.class).destinationPort()).isEqualTo(6);
        assertThat(packet.layer(Udp.class).checksumStatus()).isEqualTo(ChecksumStatus.UNVERIFIABLE);
        assertThat(packet.payload()).asString().isEqualTo("six");
    }

    @Test
    void computesAValidUdpChecksumOverIpv6() {
        Packet packet = Packets.ipv6().udp().sourcePort(1).destinationPort(2).payload("abc").buildPacket();

        assertThat(packet.layer(Udp.class).checksumStatus()).isEqualTo(ChecksumStatus.VALID);
    }

    @Test
    void roundTripsIcmpEcho() {
        Packet packet = Packets.ethernet().ipv4().icmp().echoReply(7, 9).payload("ping").buildPacket();

        Icmp icmp = packet.layer(Icmp.class);
        assertThat(icmp.type()).isEqualTo(Icmp.ECHO_REPLY);
        assertThat(icmp.identifier()).isEqualTo(7);
        assertThat(icmp.sequenceNumber()).isEqualTo(9);
        assertThat(icmp.checksumValid()).isTrue();
        assertThat(packet.layer(Ipv4.class).protocol()).isEqualTo(IpProtocol.ICMP);
    }

    @Test
    void buildsArpRequestsToBroadcastAndRepliesToTheRequester() {
        Packet request = Packets.ethernet().source("02:00:00:00:00:0a")
                .arp().senderIp("10.0.0.10").targetIp("10.0.0.1").buildPacket();
        Packet reply = Packets.ethernet().source("02:00:00:00:00:01").destination("02:00:00:00:00:0a")
                .arp().reply().senderIp("10.0.0.1").targetIp("10.0.0.10").buildPacket();

        assertThat(request.layer(Ethernet.class).destination()).isEqualTo(MacAddress.BROADCAST);
        assertThat(request.layer(Ethernet.class).etherType()).isEqualTo(EtherType.ARP);
        assertThat(request.layer(Arp.class).senderMac()).hasToString("02:00:00:00:00:0a");
        assertThat(request.layer(Arp.class).targetMac()).isEqualTo(MacAddress.ZERO);
        assertThat(reply.layer(Arp.class).isReply()).isTrue();
        assertThat(reply.layer(Arp.class).targetMac()).hasToString("02:00:00:00:00:0a");
        assertThat(reply.layer(Arp.class).senderIp()).hasToString("10.0.0.1");
    }

    @Test
    void nestsIpipAndSixInFour() {
        Packet packet = Packets.ethernet()
                .ipv4().source("198.51.100.1").destination("198.51.100.2")
                .ipip().source("10.0.0.1").destination("10.0.0.2")
                .ipv6().source("2001:db8::a").destination("2001:db8::b")
                .tcp().destinationPort(443).flags(TcpFlag.SYN)
                .buildPacket();

        List<Ipv4> outerAndInner = packet.layers(Ipv4.class);
        assertThat(outerAndInner).extracting(ip -> ip.destination().toString())
                .containsExactly("198.51.100.2", "10.0.0.2");
        assertThat(outerAndInner).extracting(Ipv4::protocol).containsExactly(IpProtocol.IPIP, IpProtocol.IPV6);
        assertThat(packet.layer(Ipv6.class).destination()).hasToString("2001:db8::b");
        assertThat(packet.layer(Tcp.class).checksumValid()).isTrue();
        assertThat(packet.describe(packet.layer(Ipv4.class, 1).offset() + 8)).isEqualTo("IPv4 #2 ttl");
    }

    @Test
    void roundTripsGreWithKeySequenceAndChecksum() {
        Packet packet = Packets.ethernet().ipv4()
                .gre().key(0x01020304L).sequenceNumber(42).withChecksum()
                .ipv4().source("10.9.9.9").udp().destinationPort(9).payload("gre")
                .buildPacket();

        Gre gre = packet.layer(Gre.class);
        assertThat(gre.hasChecksum()).isTrue();
        assertThat(gre.key()).hasValue(0x01020304L);
        assertThat(gre.sequenceNumber()).hasValue(42);
        assertThat(gre.protocolType()).isEqualTo(EtherType.IPV4);
        assertThat(gre.checksumStatus()).isEqualTo(ChecksumStatus.VALID);
        assertThat(gre.length()).isEqualTo(16);
        assertThat(packet.layer(Ipv4.class, 1).source()).hasToString("10.9.9.9");
        assertThat(packet.layer(Udp.class).checksumValid()).isTrue();
    }

    @Test
    void carriesEthernetInGre() {
        Packet packet = Packets.ethernet().ipv4().gre().ethernet().source("02:aa:00:00:00:01").ipv4().buildPacket();

        assertThat(packet.layer(Gre.class).protocolType()).isEqualTo(EtherType.TRANSPARENT_ETHERNET);
        assertThat(packet.layer(Gre.class).checksumStatus()).isEqualTo(ChecksumStatus.ABSENT);
        assertThat(packet.layer(Ethernet.class, 1).source()).hasToString("02:aa:00:00:00:01");
    }

    @Test
    void roundTripsVxlanToTheInnerFrame() {
        Packet packet = Packets.ethernet().ipv4().source("172.16.0.1").destination("172.16.0.2")
                .vxlan(0x123456)
                .ethernet().source("02:00:00:00:01:01").destination("02:00:00:00:01:02")
                .ipv4().source("10.0.0.1").destination("10.0.0.2").tcp().destinationPort(22)
                .buildPacket();

        assertThat(packet.layers()).extracting(Layer::name)
                .containsExactly("Ethernet", "IPv4", "UDP", "VXLAN", "Ethernet", "IPv4", "TCP");
        assertThat(packet.layer(Udp.class).destinationPort()).isEqualTo(Vxlan.PORT);
        assertThat(packet.layer(Udp.class).sourcePort()).isEqualTo(49152);
        assertThat(packet.layer(Udp.class).checksumValid()).isTrue();
        assertThat(packet.layer(Vxlan.class).vni()).isEqualTo(0x123456);
        assertThat(packet.layer(Vxlan.class).flags()).isEqualTo(0x08);
        assertThat(packet.layers(Ipv4.class).get(1).destination()).hasToString("10.0.0.2");
        assertThat(packet.layer(Tcp.class).checksumValid()).isTrue();
    }

    @Test
    void roundTripsGeneveWithOptions() {
        Packet packet = Packets.ethernet().ipv6()
                .geneve(77).option(0x0103, 0x80, new byte[] {1, 2, 3, 4}).critical(true)
                .ipv4().icmp().echoRequest(1, 1)
                .buildPacket();

        Geneve geneve = packet.layer(Geneve.class);
        assertThat(geneve.vni()).isEqualTo(77);
        assertThat(geneve.critical()).isTrue();
        assertThat(geneve.protocolType()).isEqualTo(EtherType.IPV4);
        assertThat(geneve.options()).containsExactly(new Geneve.Option(0x0103, 0x80, new byte[] {1, 2, 3, 4}));
        assertThat(geneve.length()).isEqualTo(16);
        assertThat(packet.layer(Udp.class).destinationPort()).isEqualTo(Geneve.PORT);
        assertThat(packet.layer(Icmp.class).checksumValid()).isTrue();
    }

    @Test
    void roundTripsIpv4OptionsPaddedToAWord() {
        byte[] routerAlert = {(byte) 0x94, 4, 0, 0};
        byte[] recordRoute = {7, 3, 4};

        Packet withAlert = Packets.ethernet().ipv4().options(routerAlert).udp().buildPacket();
        Packet withRoute = Packets.ethernet().ipv4().options(recordRoute).udp().buildPacket();

        assertThat(withAlert.layer(Ipv4.class).ihl()).isEqualTo(6);
        assertThat(withAlert.layer(Ipv4.class).options()).isEqualTo(routerAlert);
        assertThat(withAlert.layer(Ipv4.class).checksumValid()).isTrue();
        assertThat(withAlert.layer(Udp.class).checksumValid()).isTrue();
        assertThat(withRoute.layer(Ipv4.class).options()).containsExactly(7, 3, 4, 0);
        assertThat(withRoute.describe(14 + 21)).isEqualTo("IPv4 options");
    }

    @Test
    void buildsIcmpErrorsWithTypeCodeAndRestOfHeader() {
        Packet packet = Packets.ethernet().ipv4().icmp().type(Icmp.DESTINATION_UNREACHABLE).code(4)
                .restOfHeader(1400).payload(new byte[28]).buildPacket();

        Icmp icmp = packet.layer(Icmp.class);
        assertThat(icmp.type()).isEqualTo(3);
        assertThat(icmp.code()).isEqualTo(4);
        assertThat(icmp.restOfHeader()).isEqualTo(1400);
        assertThat(icmp.isEcho()).isFalse();
        assertThat(icmp.checksumValid()).isTrue();
        assertThat(packet.describe(icmp.offset() + 4)).isEqualTo("ICMP rest of header");
    }

    @Test
    void keepsTcpOverridesForBrokenSegments() {
        Packet packet = Packets.ethernet().ipv4().tcp().dataOffset(6).checksum(0).payload("abcd").buildPacket();

        Tcp tcp = packet.layer(Tcp.class);
        assertThat(tcp.dataOffset()).isEqualTo(6);
        // "abcd" now reads as an option of kind 0x61 whose length 0x62 overruns the header.
        assertThat(tcp.options()).isEmpty();
        assertThat(packet.problems()).containsExactly("TCP option kind 97 at offset 54 has length 98 but 4 bytes remain");
        assertThat(tcp.checksum()).isZero();
        assertThat(tcp.checksumStatus()).isEqualTo(ChecksumStatus.INVALID);
        assertThat(packet.payloadLength()).isZero();
    }

    @Test
    void carriesIpv6InGreAndEthernetInGeneve() {
        Packet gre = Packets.ethernet().ipv6().gre().ipv6().icmpv6().echoReply(3, 4).buildPacket();
        Packet geneve = Packets.ethernet().ipv4().geneve(8).ethernet().vlan(9).ipv4().udp().buildPacket();

        assertThat(gre.layer(Gre.class).protocolType()).isEqualTo(EtherType.IPV6);
        assertThat(gre.layers(Ipv6.class)).hasSize(2);
        assertThat(gre.layer(Icmpv6.class).type()).isEqualTo(Icmpv6.ECHO_REPLY);
        assertThat(gre.layer(Icmpv6.class).checksumValid()).isTrue();
        assertThat(geneve.layer(Geneve.class).protocolType()).isEqualTo(EtherType.TRANSPARENT_ETHERNET);
        assertThat(geneve.layer(Vlan.class).id()).isEqualTo(9);
        assertThat(geneve.layer(Udp.class, 1).checksumValid()).isTrue();
    }

    @Test
    void padsToTheEthernetMinimumAsATrailer() {
        Packet packet = Packets.ethernet().padTo(60).ipv4().udp().payload("pad").buildPacket();

        assertThat(packet.length()).isEqualTo(60);
        assertThat(packet.payload()).asString().isEqualTo("pad");
        assertThat(packet.trailer()).hasSize(60 - 45).containsOnly(0);
        assertThat(packet.layer(Ipv4.class).totalLength()).isEqualTo(31);
        assertThat(packet.layer(Udp.class).checksumValid()).isTrue();
    }

    @Test
    void rejectsOutOfRangeFieldsWithTheFieldName() {
        assertThatThrownBy(() -> Packets.ethernet().ipv4().ttl(256)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TTL must be between 0 and 255 (0xff) but was 256");
        assertThatThrownBy(() -> Packets.ethernet().vlan(4096)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("VLAN id");
        assertThatThrownBy(() -> Packets.ethernet().ipv4().source("2001:db8::1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("IPv4 source must be an IPv4 address but was 2001:db8::1");
        assertThatThrownBy(() -> Packets.ethernet().ipv4().destination("gateway.local"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host names are not resolved");
    }

    @Test
    void refusesToGiveOneHeaderTwoInnerHeaders() {
        Ipv4Builder ip = Packets.ethernet().ipv4();
        ip.tcp();

        assertThatThrownBy(ip::udp).isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot add udp() after ipv4(): it already carries tcp(); start a new chain from Packets"
                        + " for another packet");
    }

    @Test
    void rejectsTcpOptionsThatDoNotFit() {
        TcpBuilder tcp = Packets.ethernet().ipv4().tcp();
        for (int i = 0; i < 5; i++) {
            tcp.timestamps(i, i);
        }

        assertThatThrownBy(tcp::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TCP options take 52 bytes but at most 40 fit");
    }
}
