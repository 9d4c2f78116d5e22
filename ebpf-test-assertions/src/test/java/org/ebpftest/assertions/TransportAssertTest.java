package org.ebpftest.assertions;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.ebpftest.assertions.EbpfAssertions.assertThat;
import static org.ebpftest.assertions.Frames.ICMPV6_ECHO;
import static org.ebpftest.assertions.Frames.TCP_DATA;
import static org.ebpftest.assertions.Frames.UDP;

import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.ebpftest.packet.Icmp;
import org.ebpftest.packet.Icmpv6;
import org.ebpftest.packet.Packet;
import org.ebpftest.packet.Packets;
import org.ebpftest.packet.Tcp;
import org.ebpftest.packet.TcpFlag;
import org.ebpftest.packet.Udp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TransportAssertTest {

    private static final Packet BARE_TCP = Packets.ethernet().ipv4().tcp().flags().buildPacket();
    private static final Packet BAD_TCP_CHECKSUM = Packets.ethernet().ipv4().tcp().checksum(0x1234).buildPacket();
    private static final Packet TCP_FRAGMENT = Packets.ethernet().ipv4().moreFragments(true).tcp().buildPacket();
    private static final Packet UDP_WITHOUT_CHECKSUM = Packets.ethernet().ipv4().udp().checksum(0).buildPacket();
    private static final Packet ICMP_ECHO = Packets.ethernet().ipv4().icmp().echoRequest(7, 1).buildPacket();
    private static final Packet BAD_ICMP_CHECKSUM = Packets.ethernet().ipv4().icmp().echoReply(7, 1).checksum(0xabcd)
            .buildPacket();

    @Test
    void acceptsMatchingTcpFields() {
        assertThat(TCP_DATA).tcp()
                .hasSourcePort(40000).hasDestinationPort(8080)
                .hasFlags(TcpFlag.PSH, TcpFlag.ACK).hasFlag(TcpFlag.ACK).doesNotHaveFlag(TcpFlag.SYN)
                .hasSequence(0xfffffff0L).hasAck(77).hasWindow(1024)
                .hasMss(1460).hasWindowScale(7).hasSackPermitted().hasTimestamps(100, 200)
                .hasValidChecksum().hasChecksum(TCP_DATA.layer(Tcp.class).checksum());
        assertThat(BARE_TCP).tcp().hasFlags().hasNoOptions();
    }

    static Stream<Arguments> tcpFailures() {
        int computed = Packets.ethernet().ipv4().tcp().buildPacket().layer(Tcp.class).checksum();
        return Stream.of(
                failure(() -> assertThat(TCP_DATA).tcp().hasSourcePort(1),
                        "Expecting TCP source port of packet to be: 1 but was: 40000"),
                failure(() -> assertThat(TCP_DATA).tcp().hasDestinationPort(80),
                        "Expecting TCP destination port of packet to be: 80 but was: 8080"),
                failure(() -> assertThat(TCP_DATA).tcp().hasFlags(TcpFlag.ACK),
                        "Expecting TCP flags of packet to be: [ACK] but was: [PSH, ACK]"),
                failure(() -> assertThat(TCP_DATA).tcp().hasFlags(),
                        "Expecting TCP flags of packet to be: [] but was: [PSH, ACK]"),
                failure(() -> assertThat(TCP_DATA).tcp().hasFlag(TcpFlag.RST),
                        "Expecting TCP flags of packet to contain: RST but were: [PSH, ACK]"),
                failure(() -> assertThat(TCP_DATA).tcp().doesNotHaveFlag(TcpFlag.PSH),
                        "Expecting TCP flags of packet not to contain: PSH but were: [PSH, ACK]"),
                failure(() -> assertThat(TCP_DATA).tcp().hasSequence(0),
                        "Expecting TCP sequence number of packet to be: 0 but was: 4294967280"),
                failure(() -> assertThat(TCP_DATA).tcp().hasAck(78),
                        "Expecting TCP acknowledgment number of packet to be: 78 but was: 77"),
                failure(() -> assertThat(TCP_DATA).tcp().hasWindow(65535),
                        "Expecting TCP window of packet to be: 65535 but was: 1024"),
                failure(() -> assertThat(TCP_DATA).tcp().hasMss(1400),
                        "Expecting TCP MSS option of packet to be: 1400 but was: 1460"),
                failure(() -> assertThat(BARE_TCP).tcp().hasMss(1460),
                        "Expecting TCP MSS option of packet to be: 1460 but was: absent"),
                failure(() -> assertThat(BARE_TCP).tcp().hasWindowScale(7),
                        "Expecting TCP window scale option of packet to be: 7 but was: absent"),
                failure(() -> assertThat(BARE_TCP).tcp().hasSackPermitted(),
                        "Expecting TCP SACK-permitted option of packet to be: present but was: absent"),
                failure(() -> assertThat(TCP_DATA).tcp().hasTimestamps(100, 201),
                        "Expecting TCP timestamps option of packet to be: value 100, echo reply 201 but was: value 100, echo reply 200"),
                failure(() -> assertThat(TCP_DATA).tcp().hasNoOptions(),
                        "Expecting TCP of packet to have no options but had: " + TCP_DATA.layer(Tcp.class).options()),
                failure(() -> assertThat(BAD_TCP_CHECKSUM).tcp().hasValidChecksum(),
                        "Expecting TCP checksum of packet to be: " + String.format("0x%04x", computed)
                                + " (computed) but was: 0x1234"),
                failure(() -> assertThat(TCP_FRAGMENT).tcp().hasValidChecksum(),
                        "Expecting TCP checksum of packet to be valid but it cannot be verified: the bytes it covers"
                                + " are not all in the frame (truncated packet or IP fragment); carried: "
                                + String.format("0x%04x", TCP_FRAGMENT.layer(Tcp.class).checksum())),
                failure(() -> assertThat(BAD_TCP_CHECKSUM).tcp().hasChecksum(computed),
                        "Expecting TCP checksum of packet to be: " + String.format("0x%04x", computed) + " but was: 0x1234"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("tcpFailures")
    void reportsTheTcpFieldThatDiffers(ThrowingCallable check, String expectedHeadline) {
        assertThat(Thrown.headline(check)).isEqualTo(expectedHeadline);
    }

    @Test
    void rejectsPortsAndNumbersOutOfRange() {
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(TCP_DATA).tcp().hasDestinationPort(65536))
                .withMessage("destination port must be between 0 and 65535 but was 65536");
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(TCP_DATA).tcp().hasSequence(-1))
                .withMessage("sequence number must be between 0 and 4294967295 but was -1");
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(TCP_DATA).tcp().hasFlags(TcpFlag.SYN, null))
                .withMessage("flag must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(UDP).udp().hasSourcePort(-1))
                .withMessage("source port must be between 0 and 65535 but was -1");
    }

    @Test
    void acceptsMatchingUdpFields() {
        assertThat(UDP).udp().hasSourcePort(1234).hasDestinationPort(53).hasLength(10)
                .hasValidChecksum().hasChecksum(UDP.layer(Udp.class).checksum());
        assertThat(UDP_WITHOUT_CHECKSUM).udp().hasNoChecksum().hasChecksum(0);
    }

    static Stream<Arguments> udpFailures() {
        String carried = String.format("0x%04x", UDP.layer(Udp.class).checksum());
        return Stream.of(
                failure(() -> assertThat(UDP).udp().hasSourcePort(53),
                        "Expecting UDP source port of packet to be: 53 but was: 1234"),
                failure(() -> assertThat(UDP).udp().hasDestinationPort(5353),
                        "Expecting UDP destination port of packet to be: 5353 but was: 53"),
                failure(() -> assertThat(UDP).udp().hasLength(8),
                        "Expecting UDP length of packet to be: 8 but was: 10"),
                failure(() -> assertThat(UDP_WITHOUT_CHECKSUM).udp().hasValidChecksum(),
                        "Expecting UDP checksum of packet to be valid but the header carries none"),
                failure(() -> assertThat(UDP).udp().hasNoChecksum(),
                        "Expecting UDP checksum of packet to be absent (0x0000 over IPv4) but was: " + carried),
                failure(() -> assertThat(UDP).udp().hasChecksum(0),
                        "Expecting UDP checksum of packet to be: 0x0000 but was: " + carried));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("udpFailures")
    void reportsTheUdpFieldThatDiffers(ThrowingCallable check, String expectedHeadline) {
        assertThat(Thrown.headline(check)).isEqualTo(expectedHeadline);
    }

    @Test
    void acceptsMatchingIcmpFields() {
        assertThat(ICMP_ECHO).icmp().isEchoRequest().hasType(Icmp.ECHO_REQUEST).hasCode(0).hasIdentifier(7).hasSequence(1)
                .hasValidChecksum().hasChecksum(ICMP_ECHO.layer(Icmp.class).checksum());
        assertThat(ICMPV6_ECHO).icmpv6().isEchoRequest().hasType(Icmpv6.ECHO_REQUEST).hasCode(0).hasIdentifier(7)
                .hasSequence(1).hasValidChecksum().hasChecksum(ICMPV6_ECHO.layer(Icmpv6.class).checksum());
    }

    static Stream<Arguments> icmpFailures() {
        Icmp bad = BAD_ICMP_CHECKSUM.layer(Icmp.class);
        return Stream.of(
                failure(() -> assertThat(ICMP_ECHO).icmp().isEchoReply(),
                        "Expecting ICMP type of packet to be: 0 (echo reply) but was: 8 (echo request)"),
                failure(() -> assertThat(ICMP_ECHO).icmp().hasType(Icmp.TIME_EXCEEDED),
                        "Expecting ICMP type of packet to be: 11 (time exceeded) but was: 8 (echo request)"),
                failure(() -> assertThat(ICMP_ECHO).icmp().hasCode(1),
                        "Expecting ICMP code of packet to be: 1 but was: 0"),
                failure(() -> assertThat(ICMP_ECHO).icmp().hasIdentifier(8),
                        "Expecting ICMP identifier of packet to be: 8 but was: 7"),
                failure(() -> assertThat(ICMP_ECHO).icmp().hasSequence(2),
                        "Expecting ICMP sequence number of packet to be: 2 but was: 1"),
                failure(() -> assertThat(BAD_ICMP_CHECKSUM).icmp().hasValidChecksum(),
                        "Expecting ICMP checksum of packet to be: " + String.format("0x%04x", bad.computedChecksum())
                                + " (computed) but was: 0xabcd"),
                failure(() -> assertThat(ICMPV6_ECHO).icmpv6().isEchoReply(),
                        "Expecting ICMPv6 type of packet to be: 129 (echo reply) but was: 128 (echo request)"),
                failure(() -> assertThat(ICMPV6_ECHO).icmpv6().hasType(Icmpv6.NEIGHBOR_SOLICITATION),
                        "Expecting ICMPv6 type of packet to be: 135 (neighbor solicitation) but was: 128 (echo request)"),
                failure(() -> assertThat(ICMPV6_ECHO).icmpv6().hasChecksum(0),
                        "Expecting ICMPv6 checksum of packet to be: 0x0000 but was: "
                                + String.format("0x%04x", ICMPV6_ECHO.layer(Icmpv6.class).checksum())));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("icmpFailures")
    void reportsTheIcmpFieldThatDiffers(ThrowingCallable check, String expectedHeadline) {
        assertThat(Thrown.headline(check)).isEqualTo(expectedHeadline);
    }

    static Arguments failure(ThrowingCallable check, String headline) {
        return Arguments.of(check, headline);
    }
}
