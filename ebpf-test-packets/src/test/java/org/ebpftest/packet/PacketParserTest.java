package org.ebpftest.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PacketParserTest {

    /**
     * 02:00:00:00:00:01 > 02:00:00:00:00:02, 10.0.0.1:12345 > 10.0.0.99:80 SYN, TTL 64, DF.
     * IPv4 checksum 266d and TCP checksum 6af6 worked out by hand (see InternetChecksumTest).
     */
    static final String TCP_SYN =
            "020000000002 020000000001 0800"
            + "| 4500 0028 0000 4000 4006 266d 0a00 0001 0a00 0063"
            + "| 3039 0050 00000000 00000000 5002 ffff 6af6 0000";

    /**
     * 192.0.2.1:1234 > 192.0.2.2:53 UDP "hi", id 0x1c46, TTL 64, no DF. By hand: IPv4 words sum to
     * 0x22578, folded 257a, checksum da85; UDP pseudo-header plus datagram sum to 0x1f198, folded f199,
     * checksum 0e66.
     */
    static final String UDP_HI =
            "020000000002 020000000001 0800"
            + "| 4500 001e 1c46 0000 4011 da85 c000 0201 c000 0202"
            + "| 04d2 0035 000a 0e66 | 6869";

    @Test
    void parsesEveryFieldOfAReferenceTcpSyn() {
        Packet packet = Packet.parse(Hex.bytes(TCP_SYN));

        assertThat(packet.layers()).extracting(Layer::name).containsExactly("Ethernet", "IPv4", "TCP");
        Ethernet eth = packet.layer(Ethernet.class);
        assertThat(eth.source()).isEqualTo(MacAddress.of("02:00:00:00:00:01"));
        assertThat(eth.destination()).isEqualTo(MacAddress.of("02:00:00:00:00:02"));
        assertThat(eth.etherType()).isEqualTo(EtherType.IPV4);
        Ipv4 ip = packet.layer(Ipv4.class);
        assertThat(ip.offset()).isEqualTo(14);
        assertThat(ip.length()).isEqualTo(20);
        assertThat(ip.version()).isEqualTo(4);
        assertThat(ip.ihl()).isEqualTo(5);
        assertThat(ip.totalLength()).isEqualTo(40);
        assertThat(ip.dontFragment()).isTrue();
        assertThat(ip.isFragment()).isFalse();
        assertThat(ip.ttl()).isEqualTo(64);
        assertThat(ip.protocol()).isEqualTo(IpProtocol.TCP);
        assertThat(ip.checksum()).isEqualTo(0x266d);
        assertThat(ip.checksumStatus()).isEqualTo(ChecksumStatus.VALID);
        assertThat(ip.source()).hasToString("10.0.0.1");
        assertThat(ip.destination()).hasToString("10.0.0.99");
        Tcp tcp = packet.layer(Tcp.class);
        assertThat(tcp.offset()).isEqualTo(34);
        assertThat(tcp.sourcePort()).isEqualTo(12345);
        assertThat(tcp.destinationPort()).isEqualTo(80);
        assertThat(tcp.flags()).containsExactly(TcpFlag.SYN);
        assertThat(tcp.window()).isEqualTo(0xffff);
        assertThat(tcp.dataOffset()).isEqualTo(5);
        assertThat(tcp.options()).isEmpty();
        assertThat(tcp.checksumStatus()).isEqualTo(ChecksumStatus.VALID);
        assertThat(packet.payloadLength()).isZero();
        assertThat(packet.isTruncated()).isFalse();
        assertThat(packet.problems()).isEmpty();
    }

    @Test
    void namesTheHeaderFieldOfEachOffset() {
        Packet packet = Packet.parse(Hex.bytes(TCP_SYN));

        assertThat(packet.describe(0)).isEqualTo("Ethernet destination");
        assertThat(packet.describe(12)).isEqualTo("Ethernet ethertype");
        assertThat(packet.describe(22)).isEqualTo("IPv4 ttl");
        assertThat(packet.describe(24)).isEqualTo("IPv4 header checksum");
        assertThat(packet.describe(25)).isEqualTo("IPv4 header checksum");
        assertThat(packet.describe(33)).isEqualTo("IPv4 destination");
        assertThat(packet.describe(47)).isEqualTo("TCP flags");
        assertThat(packet.describe(54)).isEqualTo("beyond end of frame");
        assertThat(packet.fieldAt(24)).hasValue(new HeaderField("IPv4", "header checksum", 24, 2));
    }

    @Test
    void detectsABadIpv4HeaderChecksumAndReportsTheExpectedValue() {
        byte[] frame = Hex.bytes(TCP_SYN);
        frame[22] = 0x3f;

        Ipv4 ip = Packet.parse(frame).layer(Ipv4.class);

        assertThat(ip.checksumStatus()).isEqualTo(ChecksumStatus.INVALID);
        assertThat(ip.computedChecksum()).isEqualTo(0x276d);
    }

    @Test
    void detectsABadTcpChecksum() {
        byte[] frame = Hex.bytes(TCP_SYN);
        frame[frame.length - 4] ^= 1;

        Tcp tcp = Packet.parse(frame).layer(Tcp.class);

        assertThat(tcp.checksumStatus()).isEqualTo(ChecksumStatus.INVALID);
        assertThat(tcp.computedChecksum()).isEqualTo(0x6af6);
    }

    @Test
    void parsesAReferenceUdpDatagramWithPayload() {
        Packet packet = Packet.parse(Hex.bytes(UDP_HI));

        Udp udp = packet.layer(Udp.class);
        assertThat(udp.sourcePort()).isEqualTo(1234);
        assertThat(udp.destinationPort()).isEqualTo(53);
        assertThat(udp.udpLength()).isEqualTo(10);
        assertThat(udp.checksumStatus()).isEqualTo(ChecksumStatus.VALID);
        assertThat(packet.layer(Ipv4.class).checksumValid()).isTrue();
        assertThat(packet.layer(Ipv4.class).identification()).isEqualTo(0x1c46);
        assertThat(packet.payload()).asString().isEqualTo("hi");
        assertThat(packet.payloadOffset()).isEqualTo(42);
        assertThat(packet.describe(42)).isEqualTo("payload");
    }

    @Test
    void treatsAZeroUdpChecksumOverIpv4AsAbsent() {
        byte[] frame = Hex.bytes(UDP_HI);
        frame[40] = 0;
        frame[41] = 0;

        assertThat(Packet.parse(frame).layer(Udp.class).checksumStatus()).isEqualTo(ChecksumStatus.ABSENT);
    }

    @Test
    void separatesEthernetPaddingFromThePayload() {
        byte[] frame = Arrays.copyOf(Hex.bytes(UDP_HI), 60);

        Packet packet = Packet.parse(frame);

        assertThat(packet.payload()).asString().isEqualTo("hi");
        assertThat(packet.trailer()).hasSize(16).containsOnly(0);
        assertThat(packet.describe(50)).isEqualTo("trailer");
        assertThat(packet.layer(Udp.class).checksumValid()).isTrue();
    }

    @Test
    void parsesQinqTags() {
        byte[] frame = Hex.bytes("020000000002 020000000001 88a8 | 0064 8100 | 2005 0800"
                + "| 4500 001e 1c46 0000 4011 da85 c000 0201 c000 0202 | 04d2 0035 000a 0e66 | 6869");

        Packet packet = Packet.parse(frame);

        assertThat(packet.layers()).extracting(Layer::name)
                .containsExactly("Ethernet", "802.1ad", "802.1Q", "IPv4", "UDP");
        List<Vlan> tags = packet.layers(Vlan.class);
        assertThat(tags.get(0).id()).isEqualTo(100);
        assertThat(tags.get(0).tpid()).isEqualTo(EtherType.QINQ);
        assertThat(tags.get(1).id()).isEqualTo(5);
        assertThat(tags.get(1).priority()).isEqualTo(1);
        assertThat(tags.get(1).etherType()).isEqualTo(EtherType.IPV4);
        assertThat(packet.describe(15)).isEqualTo("802.1ad tag control (priority, DEI, VLAN id)");
        assertThat(packet.layer(Udp.class).checksumValid()).isTrue();
    }

    @Test
    void parsesAnArpRequest() {
        byte[] frame = Hex.bytes("ffffffffffff 020000000001 0806 | 0001 0800 06 04 0001"
                + "| 020000000001 c0000201 | 000000000000 c0000202");

        Arp arp = Packet.parse(frame).layer(Arp.class);

        assertThat(arp.isRequest()).isTrue();
        assertThat(arp.senderMac()).hasToString("02:00:00:00:00:01");
        assertThat(arp.senderIp()).hasToString("192.0.2.1");
        assertThat(arp.targetMac()).isEqualTo(MacAddress.ZERO);
        assertThat(arp.targetIp()).hasToString("192.0.2.2");
        assertThat(Packet.parse(frame).describe(38)).isEqualTo("ARP target IP");
    }

    @Test
    void reportsTruncationInsteadOfThrowing() {
        byte[] whole = Hex.bytes(TCP_SYN);

        Packet cutInTcp = Packet.parse(Arrays.copyOf(whole, 44));
        Packet cutInIp = Packet.parse(Arrays.copyOf(whole, 20));

        assertThat(cutInTcp.isTruncated()).isTrue();
        assertThat(cutInTcp.layers()).extracting(Layer::name).containsExactly("Ethernet", "IPv4");
        assertThat(cutInTcp.layer(Ipv4.class).isTruncated()).isTrue();
        assertThat(cutInTcp.problems()).containsExactly(
                "IPv4 at offset 14 truncated: total length 40 but 30 bytes remain",
                "TCP header truncated at offset 34: needs 20 bytes but 10 remain");
        assertThat(cutInTcp.payload()).hasSize(10);
        assertThat(cutInIp.layers()).extracting(Layer::name).containsExactly("Ethernet");
        assertThat(cutInIp.problems()).containsExactly("IPv4 header truncated at offset 14: needs 20 bytes but 6 remain");
    }

    @Test
    void marksTcpChecksumUnverifiableWhenOptionsAreCut() {
        byte[] frame = Packets.ethernet().ipv4().tcp().mss(1460).timestamps(1, 2).build();

        Packet packet = Packet.parse(Arrays.copyOf(frame, frame.length - 3));

        Tcp tcp = packet.layer(Tcp.class);
        assertThat(tcp.isTruncated()).isTrue();
        assertThat(tcp.mss()).hasValue(1460);
        assertThat(tcp.timestamps()).isEmpty();
        assertThat(tcp.checksumStatus()).isEqualTo(ChecksumStatus.UNVERIFIABLE);
    }

    @Test
    void flagsIpv4FragmentsAndDoesNotParseLaterFragmentsAsTcp() {
        byte[] first = Packets.ethernet().ipv4().moreFragments(true).tcp().payload("abcdefgh").build();
        byte[] later = Packets.ethernet().ipv4().fragmentOffset(4).protocol(IpProtocol.TCP).payload("ijkl").build();

        Packet firstPacket = Packet.parse(first);
        Packet laterPacket = Packet.parse(later);

        assertThat(firstPacket.layer(Ipv4.class).isFragment()).isTrue();
        assertThat(firstPacket.layer(Tcp.class).checksumStatus()).isEqualTo(ChecksumStatus.UNVERIFIABLE);
        assertThat(laterPacket.layer(Ipv4.class).isFragment()).isTrue();
        assertThat(laterPacket.has(Tcp.class)).isFalse();
        assertThat(laterPacket.payload()).asString().isEqualTo("ijkl");
    }

    @Test
    void reportsAnIpv4HeaderLengthBelowTheMinimum() {
        byte[] frame = Hex.bytes(TCP_SYN);
        frame[14] = 0x44;

        Packet packet = Packet.parse(frame);

        assertThat(packet.problems()).containsExactly("IPv4 at offset 14: header length 16 is below the minimum of 20");
        assertThat(packet.has(Tcp.class)).isFalse();
    }

    @Test
    void stopsAtATruncatedIpv6ExtensionHeader() {
        byte[] frame = Packets.ethernet().ipv6().hopByHop(new byte[10]).tcp().build();

        Packet packet = Packet.parse(Arrays.copyOf(frame, 14 + 40 + 12));

        assertThat(packet.layers()).extracting(Layer::name).containsExactly("Ethernet", "IPv6", "IPv6 hop-by-hop");
        assertThat(packet.layer(Ipv6Extension.class).isTruncated()).isTrue();
        assertThat(packet.layer(Ipv6.class).upperLayerProtocol()).isEqualTo(IpProtocol.HOP_BY_HOP);
        assertThat(packet.problems()).containsExactly(
                "IPv6 at offset 14 truncated: payload length 36 but 12 bytes remain",
                "IPv6 hop-by-hop header at offset 54 truncated: length 16 but 12 bytes remain");
    }

    @Test
    void reportsAUdpLengthBelowTheHeaderSize() {
        byte[] frame = Hex.bytes(UDP_HI);
        frame[39] = 4;

        Packet packet = Packet.parse(frame);

        assertThat(packet.problems()).containsExactly("UDP at offset 34: length 4 is below the header size 8");
        assertThat(packet.layer(Udp.class).checksumStatus()).isEqualTo(ChecksumStatus.UNVERIFIABLE);
    }

    @Test
    void doesNotFollowGreVersionsOtherThanZero() {
        byte[] frame = Packets.ethernet().ipv4().gre().ipv4().build();
        int greOffset = 14 + 20;
        frame[greOffset + 1] = 1;

        Packet packet = Packet.parse(frame);

        assertThat(packet.layers(Ipv4.class)).hasSize(1);
        assertThat(packet.problems()).containsExactly("GRE at offset 34: version 1 is not parsed further");
    }

    @Test
    void reportsGeneveOptionsCutShort() {
        byte[] frame = Packets.ethernet().ipv4().geneve(1).option(1, 1, new byte[8]).ethernet().build();

        Packet packet = Packet.parse(Arrays.copyOf(frame, 14 + 20 + 8 + 8 + 6));

        assertThat(packet.layer(Geneve.class).isTruncated()).isTrue();
        assertThat(packet.problems()).contains("GENEVE at offset 42 truncated: options need 12 bytes but 6 remain");
    }

    @Test
    void namesTunnelAndExtensionHeaderFields() {
        Packet packet = Packets.ethernet().ipv6().fragment(0, false, 1).gre().key(1).withChecksum()
                .ethernet().ipv4().vxlan(5).ethernet().buildPacket();
        Gre gre = packet.layer(Gre.class);
        Vxlan vxlan = packet.layer(Vxlan.class);

        assertThat(packet.describe(14 + 40 + 4)).isEqualTo("IPv6 fragment identification");
        assertThat(packet.describe(gre.offset() + 4)).isEqualTo("GRE checksum");
        assertThat(packet.describe(gre.offset() + 8)).isEqualTo("GRE key");
        assertThat(packet.describe(vxlan.offset() + 4)).isEqualTo("VXLAN VNI");
        assertThat(packet.describe(vxlan.offset() + 8)).isEqualTo("Ethernet #3 destination");
    }

    @Test
    void keepsItsOwnCopyOfTheFrame() {
        byte[] frame = Hex.bytes(TCP_SYN);
        Packet packet = Packet.parse(frame);

        frame[22] = 0;
        packet.bytes()[22] = 0;

        assertThat(packet.bytes()[22]).isEqualTo((byte) 64);
        assertThat(packet.layer(Ipv4.class).checksumValid()).isTrue();
    }

    @Test
    void namesMissingLayersInTheException() {
        Packet packet = Packet.parse(Hex.bytes(TCP_SYN));

        assertThatThrownBy(() -> packet.layer(Udp.class)).isInstanceOf(NoSuchElementException.class)
                .hasMessage("packet has 0 Udp layer(s), so there is no index 0; its layers are Ethernet, IPv4, TCP");
        assertThat(packet.findLayer(Udp.class)).isEmpty();
    }

    @Test
    void parsesBareIpDatagrams() {
        byte[] frame = Hex.bytes(TCP_SYN);

        Packet packet = Packet.parseIp(Arrays.copyOfRange(frame, 14, frame.length));

        assertThat(packet.layers()).extracting(Layer::name).containsExactly("IPv4", "TCP");
        assertThat(packet.describe(8)).isEqualTo("IPv4 ttl");
        assertThat(packet.layer(Tcp.class).checksumValid()).isTrue();
    }

    @Test
    void neverThrowsOnRandomOrCorruptedFrames() {
        Random random = new Random(42);
        List<byte[]> seeds = List.of(Hex.bytes(TCP_SYN), Hex.bytes(UDP_HI),
                Packets.ethernet().vlan(7).ipv6().hopByHop().fragment(0, true, 9).tcp().mss(1400).payload("x").build(),
                Packets.ethernet().ipv4().gre().key(5).withChecksum().ethernet().ipv4().udp().payload("y").build(),
                Packets.ethernet().ipv6().geneve(3).option(0x0102, 3, new byte[4]).ethernet().arp().build(),
                Packets.ethernet().ipv4().vxlan(9).ethernet().ipv6().icmpv6().payload("z").build());
        int parsed = 0;
        for (int round = 0; round < 5000; round++) {
            byte[] seed = seeds.get(round % seeds.size());
            byte[] frame = Arrays.copyOf(seed, random.nextInt(seed.length + 8));
            for (int flips = random.nextInt(4); flips > 0 && frame.length > 0; flips--) {
                frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
            }

            Packet packet = Packet.parse(frame);

            for (int offset = 0; offset < frame.length; offset++) {
                assertThat(packet.describe(offset)).isNotEmpty();
            }
            assertThat(packet.payloadOffset() + packet.payloadLength()).isLessThanOrEqualTo(frame.length);
            assertThat(packet.toString()).isNotEmpty();
            parsed++;
        }
        assertThat(parsed).isEqualTo(5000);
    }
}
