package org.ebpftest.example;

import static org.ebpftest.assertions.EbpfAssertions.assertThat;
import static org.ebpftest.example.Net.u16;

import java.util.Arrays;
import org.assertj.core.api.junit.jupiter.InjectSoftAssertions;
import org.assertj.core.api.junit.jupiter.SoftAssertionsExtension;
import org.ebpftest.assertions.EbpfSoftAssertions;
import org.ebpftest.example.bpf.XdpLogger;
import org.ebpftest.example.bpf.XdpLogger.Event;
import org.ebpftest.junit.BpfObject;
import org.ebpftest.junit.BpfProgram;
import org.ebpftest.junit.Loaded;
import org.ebpftest.junit.ObjectProgram;
import org.ebpftest.packet.IpAddress;
import org.ebpftest.packet.IpProtocol;
import org.ebpftest.packet.Packets;
import org.ebpftest.packet.TcpFlag;
import org.ebpftest.runtime.linux.helpers.HelperId;
import org.ebpftest.runtime.linux.LinuxEnvironment;
import org.ebpftest.runtime.linux.helpers.LinuxHelper;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.VirtualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The event logger ({@code xdp_logger.c}): what lands in the {@code events} ring buffer, decoded
 * into the {@link Event}s of its generated skeleton, and what it counts. Reading records (with
 * {@code drain()} or a record assertion) consumes them, as a user-space reader would. Soft
 * assertions are injected by AssertJ's JUnit extension and checked after each test.
 */
@BpfObject("xdp_logger.o")
@ExtendWith(SoftAssertionsExtension.class)
class LoggerTest {
    static final int TCP_SYN = 1;
    static final int WATCHED_PORT = 2;
    static final int LOGGED = 0;
    static final int LOST = 1;
    static final int RING_CAPACITY = 63;

    /** An address as {@code struct event} holds it: 16 bytes, an IPv4 address in the first four. */
    static byte[] address(String literal) {
        return Arrays.copyOf(IpAddress.of(literal).bytes(), 16);
    }

    /** The {@code struct event} the logger writes for a frame of {@code length} bytes at {@code timeNs}. */
    static Event event(long timeNs, int kind, int length, String source, String destination, int sourcePort, int destinationPort,
            int protocol, int family) {
        return new Event(timeNs, kind, length, address(source), address(destination), u16(sourcePort), u16(destinationPort),
                (byte) protocol, (byte) family, (short) 0);
    }

    @ObjectProgram("xdp_logger") BpfProgram logger;
    /** The generated skeleton: {@code events} decoded as {@code struct event} (the map's BTF decl tag names it). */
    XdpLogger log;
    @Loaded VirtualClock clock;

    @InjectSoftAssertions EbpfSoftAssertions softly;

    static byte[] syn(String source, int port) {
        return Packets.ethernet().ipv4().source(source).destination("198.51.100.10")
                .tcp().sourcePort(40000).destinationPort(port).flags(TcpFlag.SYN).build();
    }

    @Nested
    @DisplayName("connection attempts")
    class Syns {

        @Test
        void reportsATcpSynWithItsAddressesPortsAndTime() {
            byte[] syn = syn("192.0.2.7", 22);
            clock.setMonotonicNs(1_234_567_890_123L);

            RunResult result = logger.run(syn);

            softly.assertThat(result).returnsXdpPass().packetIsUnchanged(syn);
            softly.assertThat(log.events().drain()).containsExactly(event(1_234_567_890_123L, TCP_SYN, syn.length,
                    "192.0.2.7", "198.51.100.10", 40000, 22, IpProtocol.TCP, 4));
            softly.assertThat(log.stats().get(LOGGED)).contains((long) 1);
        }

        @Test
        void fillsTheRecordInPlaceInTheRing() {
            RunResult result = logger.run(syn("192.0.2.7", 22));

            assertThat(result).calledHelperTimes("bpf_ringbuf_reserve", 1).calledHelperTimes("bpf_ringbuf_submit", 1)
                    .neverCalledHelper("bpf_ringbuf_output");
        }

        @Test
        void reportsIpv6WithTheWholeAddresses() {
            byte[] syn = Packets.ethernet().ipv6().source("2001:db8::7").destination("2001:db8:1::10")
                    .tcp().sourcePort(40000).destinationPort(443).flags(TcpFlag.SYN).build();

            logger.run(syn);

            assertThat(log.events().drain()).singleElement().satisfies(e -> {
                assertThat(e.family()).isEqualTo((byte) 6);
                assertThat(e.saddr()).isEqualTo(address("2001:db8::7"));
                assertThat(e.daddr()).isEqualTo(address("2001:db8:1::10"));
                assertThat(e.length()).isEqualTo(syn.length);
            });
        }

        @Test
        void countsTheVlanTagInTheLength() {
            byte[] tagged = Packets.ethernet().vlan(30).ipv4().source("192.0.2.7").destination("198.51.100.10")
                    .tcp().destinationPort(22).flags(TcpFlag.SYN).build();

            logger.run(tagged);

            assertThat(log.events().drain()).extracting(Event::length).containsExactly(tagged.length);
        }

        @Test
        void stampsEachRecordWithTheClockAtItsRun() {
            logger.run(syn("192.0.2.7", 22));
            clock.advanceNs(1_500_000);
            logger.run(syn("192.0.2.8", 22));

            long start = VirtualClock.DEFAULT_MONOTONIC_NS;
            assertThat(log.events().drain()).extracting(Event::timestampNs).containsExactly(start, start + 1_500_000);
        }

        @Test
        void ignoresSynAcksWhichAnswerRatherThanAttempt() {
            byte[] synAck = Packets.ethernet().ipv4().source("192.0.2.7").destination("198.51.100.10")
                    .tcp().sourcePort(22).destinationPort(40000).flags(TcpFlag.SYN, TcpFlag.ACK).build();

            logger.run(synAck);

            assertThat(log.events().map()).hasNoRecords();
        }
    }

    @Nested
    @DisplayName("watched ports")
    class WatchedPorts {

        @BeforeEach
        void watchDnsAndSyslog() {
            log.watchedPorts().put(u16(53), (byte) 1);
            log.watchedPorts().put(u16(514), (byte) 1);
        }

        @Test
        void reportsUdpToAWatchedPortWithACopiedRecord() {
            byte[] query = Packets.ethernet().ipv4().source("192.0.2.7").destination("198.51.100.53")
                    .udp().sourcePort(5353).destinationPort(53).payload("query").build();

            RunResult result = logger.run(query);

            assertThat(result).returnsXdpPass().calledHelperTimes("bpf_ringbuf_output", 1).neverCalledHelper("bpf_ringbuf_reserve");
            assertThat(log.events().drain()).containsExactly(event(VirtualClock.DEFAULT_MONOTONIC_NS, WATCHED_PORT,
                    query.length, "192.0.2.7", "198.51.100.53", 5353, 53, IpProtocol.UDP, 4));
        }

        @Test
        void reportsASynToAWatchedPortOnceAsASyn() {
            logger.run(syn("192.0.2.7", 514));

            assertThat(log.events().drain()).extracting(Event::kind).containsExactly(TCP_SYN);
        }

        @Test
        void ignoresOtherPortsIcmpAndLaterFragments() {
            logger.run(Packets.ethernet().ipv4().source("192.0.2.7").destination("198.51.100.53")
                    .udp().destinationPort(123).build());
            logger.run(Packets.ethernet().ipv4().source("192.0.2.7").destination("198.51.100.53")
                    .icmp().echoRequest(1, 1).build());
            logger.run(Packets.ethernet().ipv4().source("192.0.2.7").destination("198.51.100.53")
                    .dontFragment(false).fragmentOffset(100).protocol(IpProtocol.UDP).payload(new byte[16]).build());

            assertThat(log.events().map()).hasNoRecords();
            assertThat(log.stats().get(LOGGED)).contains(0L);
        }

        @Test
        void countsARecordTheRingRefusedAsLost(@Loaded LinuxEnvironment environment) {
            environment.override(HelperId.RINGBUF_OUTPUT, LinuxHelper.failing(11));   // EAGAIN: ring full
            byte[] query = Packets.ethernet().ipv4().source("192.0.2.7").destination("198.51.100.53")
                    .udp().destinationPort(53).build();

            assertThat(logger.run(query)).returnsXdpPass();

            assertThat(log.events().map()).hasNoRecords();
            assertThat(log.stats().get(LOST)).contains((long) 1);
            assertThat(log.stats().get(LOGGED)).contains(0L);
        }
    }

    @Test
    void holdsSixtyThreeRecordsAndCountsTheRestAsLost() {
        for (int i = 0; i < RING_CAPACITY + 2; i++) {
            assertThat(logger.run(syn("192.0.2." + (i + 1), 22))).returnsXdpPass();
        }

        assertThat(log.events().map()).hasRecordCount(RING_CAPACITY);
        assertThat(log.stats().get(LOGGED)).contains((long) RING_CAPACITY);
        assertThat(log.stats().get(LOST)).contains((long) 2);
    }

    @Test
    void makesRoomAgainOnceTheReaderHasConsumedTheRecords() {
        for (int i = 0; i < RING_CAPACITY; i++) {
            logger.run(syn("192.0.2.7", 22));
        }
        assertThat(log.events().map()).hasRecordCount(RING_CAPACITY);   // reads, and so consumes, them

        logger.run(syn("192.0.2.8", 22));

        assertThat(log.events().drain()).extracting(Event::saddr).containsExactly(address("192.0.2.8"));
        assertThat(log.stats().get(LOST)).contains(0L);
    }
}
