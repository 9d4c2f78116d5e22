package org.ebpftest.assertions;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.ebpftest.assertions.EbpfAssertions.assertThat;
import static org.ebpftest.assertions.EbpfAssertions.assertThatFrame;
import static org.ebpftest.assertions.Frames.ICMPV6_ECHO;
import static org.ebpftest.assertions.Frames.TCP_DATA;
import static org.ebpftest.assertions.Frames.TCP_SYN;

import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.ebpftest.packet.IpAddress;
import org.ebpftest.packet.IpProtocol;
import org.ebpftest.packet.Ipv4;
import org.ebpftest.packet.Packet;
import org.ebpftest.packet.Packets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IpAssertTest {

    private static final Packet IPV4_FRAGMENT = Packets.ethernet().ipv4().moreFragments(true).fragmentOffset(10)
            .udp().buildPacket();
    private static final Packet IPV6_FRAGMENT = Packets.ethernet().ipv6().fragment(0, true, 77).udp().buildPacket();
    private static final Packet IPIP = Packets.ethernet().ipv4().source("192.0.2.1").destination("192.0.2.2")
            .ipv4().source("10.0.0.1").destination("10.0.0.2").ttl(64).udp().buildPacket();

    @Test
    void acceptsMatchingIpv4Fields() {
        Ipv4 ip = TCP_DATA.layer(Ipv4.class);

        assertThat(TCP_DATA).ipv4()
                .hasSource("10.1.2.3").hasSource(IpAddress.of("10.1.2.3"))
                .hasDestination("10.3.2.1").hasDestination(IpAddress.of("10.3.2.1"))
                .hasTtl(7).hasProtocol(IpProtocol.TCP).hasTotalLength(78).hasHeaderLength(20)
                .hasIdentification(999).hasDscp(46).hasEcn(1).hasDontFragment(true)
                .isNotFragment().hasFragmentOffset(0)
                .hasValidChecksum().hasChecksum(ip.checksum());
        assertThat(IPV4_FRAGMENT).ipv4().isFragment().hasFragmentOffset(10);
        assertThat(IPIP).ipv4(1).hasSource("10.0.0.1");
    }

    static Stream<Arguments> ipv4Failures() {
        byte[] badChecksum = Frames.withByte(TCP_SYN, 22, -1);
        return Stream.of(
                failure(() -> assertThat(TCP_DATA).ipv4().hasSource("10.1.2.4"),
                        "Expecting IPv4 source of packet to be: 10.1.2.4 but was: 10.1.2.3"),
                failure(() -> assertThat(TCP_DATA).ipv4().hasDestination("10.3.2.2"),
                        "Expecting IPv4 destination of packet to be: 10.3.2.2 but was: 10.3.2.1"),
                failure(() -> assertThat(TCP_DATA).ipv4().hasTtl(6),
                        "Expecting IPv4 ttl of packet to be: 6 but was: 7"),
                failure(() -> assertThat(TCP_DATA).ipv4().hasProtocol(IpProtocol.UDP),
                        "Expecting IPv4 protocol of packet to be: 17 (UDP) but was: 6 (TCP)"),
                failure(() -> assertThat(TCP_DATA).ipv4().hasTotalLength(80),
                        "Expecting IPv4 total length of packet to be: 80 but was: 78"),
                failure(() -> assertThat(TCP_DATA).ipv4().hasHeaderLength(24),
                        "Expecting IPv4 header length of packet to be: 24 but was: 20"),
                failure(() -> assertThat(TCP_DATA).ipv4().hasIdentification(1000),
                        "Expecting IPv4 identification of packet to be: 1000 but was: 999"),
                failure(() -> assertThat(TCP_DATA).ipv4().hasDscp(0),
                        "Expecting IPv4 DSCP of packet to be: 0 but was: 46"),
                failure(() -> assertThat(TCP_DATA).ipv4().hasEcn(3),
                        "Expecting IPv4 ECN of packet to be: 3 but was: 1"),
                failure(() -> assertThat(TCP_DATA).ipv4().hasDontFragment(false),
                        "Expecting IPv4 DF flag of packet to be: clear but was: set"),
                failure(() -> assertThat(TCP_DATA).ipv4().isFragment(),
                        "Expecting IPv4 of packet to be a fragment (MF set or fragment offset not 0) but was: MF clear, fragment offset 0"),
                failure(() -> assertThat(IPV4_FRAGMENT).ipv4().isNotFragment(),
                        "Expecting IPv4 of packet not to be a fragment but was: MF set, fragment offset 10"),
                failure(() -> assertThat(IPV4_FRAGMENT).ipv4().hasFragmentOffset(0),
                        "Expecting IPv4 fragment offset of packet to be: 0 but was: 10"),
                failure(() -> assertThatFrame(badChecksum).ipv4().hasValidChecksum(),
                        "Expecting IPv4 header checksum of packet to be: 0x276d (computed) but was: 0x266d"),
                failure(() -> assertThatFrame(TCP_SYN).ipv4().hasChecksum(0x1234),
                        "Expecting IPv4 header checksum of packet to be: 0x1234 but was: 0x266d"),
                failure(() -> assertThat(IPIP).ipv4(1).hasTtl(1),
                        "Expecting IPv4 #2 ttl of packet to be: 1 but was: 64"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("ipv4Failures")
    void reportsTheIpv4FieldThatDiffers(ThrowingCallable check, String expectedHeadline) {
        assertThat(Thrown.headline(check)).isEqualTo(expectedHeadline);
    }

    @Test
    void rejectsAddressesThatAreNotIpv4Literals() {
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(TCP_DATA).ipv4().hasSource("not-an-ip"))
                .withMessageStartingWith("not an IP address literal [not-an-ip]");
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(TCP_DATA).ipv4().hasDestination("2001:db8::1"))
                .withMessage("expected IPv4 destination must be an IPv4 address but [2001:db8::1] is IPv6");
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(TCP_DATA).ipv4().hasSource((String) null))
                .withMessage("expected IPv4 source must not be null");
    }

    @Test
    void rejectsFieldValuesOutOfRange() {
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(TCP_DATA).ipv4().hasTtl(256))
                .withMessage("ttl must be between 0 and 255 but was 256");
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(TCP_DATA).ipv4().hasDscp(64))
                .withMessage("DSCP must be between 0 and 63 but was 64");
    }

    @Test
    void acceptsMatchingIpv6Fields() {
        assertThat(ICMPV6_ECHO).ipv6()
                .hasSource("2001:db8::1").hasSource(IpAddress.of("2001:db8:0::1"))
                .hasDestination("2001:db8::2").hasDestination(IpAddress.of("2001:db8::2"))
                .hasHopLimit(64).hasNextHeader(IpProtocol.HOP_BY_HOP).hasUpperLayerProtocol(IpProtocol.ICMPV6)
                .hasPayloadLength(16).hasTrafficClass(0x28).hasFlowLabel(12345)
                .hasExtensionHeaders(IpProtocol.HOP_BY_HOP).isNotFragment();
        assertThat(IPV6_FRAGMENT).ipv6().isFragment().hasExtensionHeaders(IpProtocol.FRAGMENT);
        assertThat(TCP_DATA).doesNotHaveLayer(org.ebpftest.packet.Ipv6.class);
        assertThat(Packets.ethernet().ipv6().udp().buildPacket()).ipv6().hasNoExtensionHeaders();
    }

    static Stream<Arguments> ipv6Failures() {
        return Stream.of(
                failure(() -> assertThat(ICMPV6_ECHO).ipv6().hasSource("2001:db8::9"),
                        "Expecting IPv6 source of packet to be: 2001:db8::9 but was: 2001:db8::1"),
                failure(() -> assertThat(ICMPV6_ECHO).ipv6().hasDestination("2001:db8::9"),
                        "Expecting IPv6 destination of packet to be: 2001:db8::9 but was: 2001:db8::2"),
                failure(() -> assertThat(ICMPV6_ECHO).ipv6().hasHopLimit(63),
                        "Expecting IPv6 hop limit of packet to be: 63 but was: 64"),
                failure(() -> assertThat(ICMPV6_ECHO).ipv6().hasNextHeader(IpProtocol.ICMPV6),
                        "Expecting IPv6 next header of packet to be: 58 (ICMPv6) but was: 0 (hop-by-hop)"),
                failure(() -> assertThat(ICMPV6_ECHO).ipv6().hasUpperLayerProtocol(IpProtocol.TCP),
                        "Expecting IPv6 upper-layer protocol of packet to be: 6 (TCP) but was: 58 (ICMPv6)"),
                failure(() -> assertThat(ICMPV6_ECHO).ipv6().hasPayloadLength(8),
                        "Expecting IPv6 payload length of packet to be: 8 but was: 16"),
                failure(() -> assertThat(ICMPV6_ECHO).ipv6().hasTrafficClass(0),
                        "Expecting IPv6 traffic class of packet to be: 0 but was: 40"),
                failure(() -> assertThat(ICMPV6_ECHO).ipv6().hasFlowLabel(1),
                        "Expecting IPv6 flow label of packet to be: 1 but was: 12345"),
                failure(() -> assertThat(ICMPV6_ECHO).ipv6().hasExtensionHeaders(IpProtocol.HOP_BY_HOP, IpProtocol.FRAGMENT),
                        "Expecting IPv6 extension headers of packet to be: [0 (hop-by-hop), 44 (fragment)] but was: [0 (hop-by-hop)]"),
                failure(() -> assertThat(ICMPV6_ECHO).ipv6().hasNoExtensionHeaders(),
                        "Expecting IPv6 extension headers of packet to be: [] but was: [0 (hop-by-hop)]"),
                failure(() -> assertThat(ICMPV6_ECHO).ipv6().isFragment(),
                        "Expecting IPv6 of packet to be a fragment (to have a fragment header) but its extension headers were: [0 (hop-by-hop)]"),
                failure(() -> assertThat(IPV6_FRAGMENT).ipv6().isNotFragment(),
                        "Expecting IPv6 of packet not to be a fragment but it has a fragment header: offset 0 M id 77"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("ipv6Failures")
    void reportsTheIpv6FieldThatDiffers(ThrowingCallable check, String expectedHeadline) {
        assertThat(Thrown.headline(check)).isEqualTo(expectedHeadline);
    }

    @Test
    void rejectsAddressesThatAreNotIpv6Literals() {
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(ICMPV6_ECHO).ipv6().hasSource("10.0.0.1"))
                .withMessage("expected IPv6 source must be an IPv6 address but [10.0.0.1] is IPv4");
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(ICMPV6_ECHO).ipv6().hasDestination("fe80::zz"))
                .withMessageStartingWith("not an IP address literal [fe80::zz]");
    }

    static Arguments failure(ThrowingCallable check, String headline) {
        return Arguments.of(check, headline);
    }
}
