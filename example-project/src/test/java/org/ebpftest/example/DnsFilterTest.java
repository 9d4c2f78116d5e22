package org.ebpftest.example;

import static org.ebpftest.assertions.EbpfAssertions.assertThat;
import static org.ebpftest.assertions.EbpfAssertions.assertThatReturnCode;
import static org.ebpftest.assertions.EbpfAssertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.Stream;
import org.ebpftest.junit.BpfObject;
import org.ebpftest.junit.BpfProgram;
import org.ebpftest.junit.ObjectProgram;
import org.ebpftest.packet.IpProtocol;
import org.ebpftest.packet.Ipv4;
import org.ebpftest.packet.Packets;
import org.ebpftest.packet.Udp;
import org.ebpftest.runtime.linux.RunRefusedException;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.uapi.ReturnCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The DNS socket filter ({@code socket_dns.c}), which reads the packet only with legacy absolute
 * loads. A socket filter returns how many bytes to keep and sees the packet from the IPv4 header
 * on: the Ethernet header has been pulled, so its {@code skb->len} is the frame length minus 14.
 */
@BpfObject("socket_dns.o")
class DnsFilterTest {
    static final int ETH_HLEN = 14;

    @ObjectProgram BpfProgram dns;   // the object's only program

    static byte[] udpTo(int port) {
        return Packets.ethernet().ipv4().source("192.0.2.7").destination("198.51.100.53")
                .udp().sourcePort(33000).destinationPort(port).payload("\u0012\u0034 example.org A").build();
    }

    @Test
    void keepsADnsQueryWhole() {
        byte[] query = udpTo(53);

        RunResult result = dns.run(query);

        assertThat(result, ReturnCodes.SOCKET_FILTER).hasReturnCode(query.length - ETH_HLEN)
                .packet().hasLayers(Ipv4.class, Udp.class).udp().hasDestinationPort(53);
    }

    @Test
    void findsTheUdpHeaderBehindIpv4Options() {
        byte[] query = Packets.ethernet().ipv4().source("192.0.2.7").destination("198.51.100.53").options(new byte[] {1, 1, 1, 0})
                .udp().destinationPort(53).payload("query").build();

        assertThat(dns.run(query), ReturnCodes.SOCKET_FILTER).hasReturnCode(query.length - ETH_HLEN);
    }

    @Test
    void keepsTheFirstFragmentOfALargeAnswerRequest() {
        byte[] firstFragment = Packets.ethernet().ipv4().source("192.0.2.7").destination("198.51.100.53")
                .dontFragment(false).moreFragments(true).udp().destinationPort(53).payload(new byte[200]).build();

        assertThat(dns.run(firstFragment), ReturnCodes.SOCKET_FILTER).hasReturnCode(firstFragment.length - ETH_HLEN);
    }

    static Stream<Arguments> notDnsQueries() {
        byte[] query = udpTo(53);
        return Stream.of(
                Arguments.of("UDP to port 5353", udpTo(5353)),
                Arguments.of("TCP to port 53", Packets.ethernet().ipv4().source("192.0.2.7").destination("198.51.100.53")
                        .tcp().destinationPort(53).build()),
                Arguments.of("IPv6 UDP to port 53", Packets.ethernet().ipv6().source("2001:db8::7").destination("2001:db8::53")
                        .udp().destinationPort(53).build()),
                Arguments.of("a later fragment", Packets.ethernet().ipv4().source("192.0.2.7").destination("198.51.100.53")
                        .dontFragment(false).fragmentOffset(185).protocol(IpProtocol.UDP).payload(new byte[32]).build()),
                Arguments.of("ARP", Packets.ethernet().arp().request().targetIp("198.51.100.53").build()),
                Arguments.of("a UDP header cut before the destination port", Arrays.copyOf(query, ETH_HLEN + 20 + 2)));
    }

    @ParameterizedTest(name = "drops {0}")
    @MethodSource("notDnsQueries")
    void dropsEverythingElse(String what, byte[] frame) {
        long r0 = dns.run(frame).returnValue();

        assertThatReturnCode(r0, ReturnCodes.SOCKET_FILTER).isEqualTo(0);
    }

    @Test
    void cannotBeGivenAnIpv4FrameShorterThanItsHeader() {
        // Linux's BPF_PROG_TEST_RUN refuses such skb input before the program runs; so does the emulator.
        byte[] cut = Arrays.copyOf(udpTo(53), ETH_HLEN + 12);

        assertThatThrownBy(() -> dns.run(cut))
                .isInstanceOfSatisfying(RunRefusedException.class, e -> assertThat(e.errno()).isEqualTo(22));   // EINVAL
    }
}
