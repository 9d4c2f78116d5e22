package org.ebpftest.assertions;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.ebpftest.assertions.EbpfAssertions.assertThat;
import static org.ebpftest.assertions.Frames.TCP_DATA;

import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.ebpftest.packet.EtherType;
import org.ebpftest.packet.Geneve;
import org.ebpftest.packet.Gre;
import org.ebpftest.packet.MacAddress;
import org.ebpftest.packet.Packet;
import org.ebpftest.packet.Packets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LinkAndTunnelAssertTest {

    private static final Packet QINQ = Packets.ethernet().qinq(10, 20).ipv4().udp().buildPacket();
    private static final Packet ARP_REQUEST = Packets.ethernet().source("02:00:00:00:00:01").destination("ff:ff:ff:ff:ff:ff")
            .arp().request().senderMac("02:00:00:00:00:01").senderIp("192.0.2.1").targetIp("192.0.2.2")
            .buildPacket();
    private static final Packet GRE = Packets.ethernet().ipv4().gre().key(0x01020304L).sequenceNumber(42).withChecksum()
            .ipv4().udp().buildPacket();
    private static final Packet PLAIN_GRE = Packets.ethernet().ipv4().gre().ipv4().udp().buildPacket();
    private static final Packet BAD_GRE = Packets.ethernet().ipv4().gre().checksum(0x1111).ipv4().udp().buildPacket();
    private static final Packet VXLAN = Packets.ethernet().ipv4().vxlan(42)
            .ethernet().source("02:00:00:00:00:0c").ipv4().source("10.9.9.9").tcp().destinationPort(443).buildPacket();
    private static final Geneve.Option OPTION = new Geneve.Option(0x0102, 3, new byte[] {1, 2, 3, 4});
    private static final Packet GENEVE = Packets.ethernet().ipv4().geneve(7).option(0x0102, 3, new byte[] {1, 2, 3, 4})
            .ethernet().ipv4().udp().buildPacket();

    @Test
    void acceptsMatchingEthernetVlanAndArpFields() {
        assertThat(TCP_DATA).ethernet()
                .hasSource("02:00:00:00:00:0a").hasSource(MacAddress.of("02-00-00-00-00-0A"))
                .hasDestination("02:00:00:00:00:0b").hasDestination(MacAddress.of("02:00:00:00:00:0b"))
                .hasEtherType(EtherType.VLAN)
                .and().vlan().hasId(100).hasPriority(3).hasTpid(EtherType.VLAN).hasEtherType(EtherType.IPV4);
        assertThat(QINQ).vlan().hasId(10).hasTpid(EtherType.QINQ).and().vlan(1).hasId(20).hasTpid(EtherType.VLAN);
        assertThat(ARP_REQUEST).arp().isRequest().hasOperation(1)
                .hasSenderMac("02:00:00:00:00:01").hasSenderIp("192.0.2.1")
                .hasTargetMac("00:00:00:00:00:00").hasTargetIp("192.0.2.2");
    }

    static Stream<Arguments> linkFailures() {
        return Stream.of(
                failure(() -> assertThat(TCP_DATA).ethernet().hasSource("02:00:00:00:00:0b"),
                        "Expecting Ethernet source of packet to be: 02:00:00:00:00:0b but was: 02:00:00:00:00:0a"),
                failure(() -> assertThat(TCP_DATA).ethernet().hasDestination("ff:ff:ff:ff:ff:ff"),
                        "Expecting Ethernet destination of packet to be: ff:ff:ff:ff:ff:ff but was: 02:00:00:00:00:0b"),
                failure(() -> assertThat(TCP_DATA).ethernet().hasEtherType(EtherType.IPV4),
                        "Expecting Ethernet ethertype of packet to be: 0x0800 (IPv4) but was: 0x8100 (802.1Q)"),
                failure(() -> assertThat(TCP_DATA).vlan().hasId(200),
                        "Expecting 802.1Q VLAN id of packet to be: 200 but was: 100"),
                failure(() -> assertThat(TCP_DATA).vlan().hasPriority(0),
                        "Expecting 802.1Q priority of packet to be: 0 but was: 3"),
                failure(() -> assertThat(QINQ).vlan().hasTpid(EtherType.VLAN),
                        "Expecting 802.1ad TPID of packet to be: 0x8100 (802.1Q) but was: 0x88a8 (802.1ad)"),
                failure(() -> assertThat(TCP_DATA).vlan().hasEtherType(EtherType.IPV6),
                        "Expecting 802.1Q ethertype of packet to be: 0x86dd (IPv6) but was: 0x0800 (IPv4)"),
                failure(() -> assertThat(ARP_REQUEST).arp().isReply(),
                        "Expecting ARP operation of packet to be: 2 (reply) but was: 1 (request)"),
                failure(() -> assertThat(ARP_REQUEST).arp().hasSenderMac("02:00:00:00:00:02"),
                        "Expecting ARP sender MAC of packet to be: 02:00:00:00:00:02 but was: 02:00:00:00:00:01"),
                failure(() -> assertThat(ARP_REQUEST).arp().hasTargetMac("02:00:00:00:00:02"),
                        "Expecting ARP target MAC of packet to be: 02:00:00:00:00:02 but was: 00:00:00:00:00:00"),
                failure(() -> assertThat(ARP_REQUEST).arp().hasSenderIp("192.0.2.9"),
                        "Expecting ARP sender IP of packet to be: 192.0.2.9 but was: 192.0.2.1"),
                failure(() -> assertThat(ARP_REQUEST).arp().hasTargetIp("192.0.2.9"),
                        "Expecting ARP target IP of packet to be: 192.0.2.9 but was: 192.0.2.2"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("linkFailures")
    void reportsTheLinkLayerFieldThatDiffers(ThrowingCallable check, String expectedHeadline) {
        assertThat(Thrown.headline(check)).isEqualTo(expectedHeadline);
    }

    @Test
    void rejectsMalformedMacAddressesAndIds() {
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(TCP_DATA).ethernet().hasSource("02:00:00:00:00"))
                .withMessageStartingWith("not a MAC address [02:00:00:00:00]");
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(TCP_DATA).vlan().hasId(4096))
                .withMessage("VLAN id must be between 0 and 4095 but was 4096");
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(ARP_REQUEST).arp().hasTargetIp("host.example"))
                .withMessageStartingWith("not an IP address literal [host.example]");
    }

    @Test
    void acceptsMatchingTunnelFieldsAndReachesInnerHeaders() {
        assertThat(GRE).gre().hasProtocolType(EtherType.IPV4).hasKey(0x01020304L).hasSequence(42).hasValidChecksum()
                .and().ipv4(1).hasProtocol(17);
        assertThat(PLAIN_GRE).gre().hasNoKey();
        assertThat(VXLAN).vxlan().hasVni(42).hasFlags(0x08)
                .and().udp().hasDestinationPort(4789)
                .and().ethernet(1).hasSource("02:00:00:00:00:0c")
                .and().ipv4(1).hasSource("10.9.9.9")
                .and().tcp().hasDestinationPort(443);
        assertThat(GENEVE).geneve().hasVni(7).hasProtocolType(EtherType.TRANSPARENT_ETHERNET).hasOptions(OPTION);
    }

    static Stream<Arguments> tunnelFailures() {
        Gre bad = BAD_GRE.layer(Gre.class);
        return Stream.of(
                failure(() -> assertThat(GRE).gre().hasProtocolType(EtherType.TRANSPARENT_ETHERNET),
                        "Expecting GRE protocol type of packet to be: 0x6558 (Ethernet) but was: 0x0800 (IPv4)"),
                failure(() -> assertThat(GRE).gre().hasKey(1),
                        "Expecting GRE key of packet to be: 1 but was: 16909060"),
                failure(() -> assertThat(PLAIN_GRE).gre().hasKey(1),
                        "Expecting GRE key of packet to be: 1 but was: absent"),
                failure(() -> assertThat(GRE).gre().hasNoKey(),
                        "Expecting GRE key of packet to be: absent but was: 16909060"),
                failure(() -> assertThat(GRE).gre().hasSequence(43),
                        "Expecting GRE sequence number of packet to be: 43 but was: 42"),
                failure(() -> assertThat(PLAIN_GRE).gre().hasValidChecksum(),
                        "Expecting GRE checksum of packet to be valid but the header carries none"),
                failure(() -> assertThat(BAD_GRE).gre().hasValidChecksum(),
                        "Expecting GRE checksum of packet to be: " + String.format("0x%04x", bad.computedChecksum())
                                + " (computed) but was: 0x1111"),
                failure(() -> assertThat(VXLAN).vxlan().hasVni(43),
                        "Expecting VXLAN VNI of packet to be: 43 but was: 42"),
                failure(() -> assertThat(VXLAN).vxlan().hasFlags(0),
                        "Expecting VXLAN flags of packet to be: 0x00 but was: 0x08"),
                failure(() -> assertThat(VXLAN).ipv4(1).hasSource("10.9.9.8"),
                        "Expecting IPv4 #2 source of packet to be: 10.9.9.8 but was: 10.9.9.9"),
                failure(() -> assertThat(GENEVE).geneve().hasVni(8),
                        "Expecting GENEVE VNI of packet to be: 8 but was: 7"),
                failure(() -> assertThat(GENEVE).geneve().hasProtocolType(EtherType.IPV4),
                        "Expecting GENEVE protocol type of packet to be: 0x0800 (IPv4) but was: 0x6558 (Ethernet)"),
                failure(() -> assertThat(GENEVE).geneve().hasOptions(),
                        "Expecting GENEVE options of packet to be: [] but was: [Option[class=0x0102, type=0x03, data=01020304]]"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("tunnelFailures")
    void reportsTheTunnelFieldThatDiffers(ThrowingCallable check, String expectedHeadline) {
        assertThat(Thrown.headline(check)).isEqualTo(expectedHeadline);
    }

    @Test
    void rejectsVnisOutOfRange() {
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(VXLAN).vxlan().hasVni(1 << 24))
                .withMessage("VNI must be between 0 and 16777215 but was 16777216");
    }

    static Arguments failure(ThrowingCallable check, String headline) {
        return Arguments.of(check, headline);
    }
}
