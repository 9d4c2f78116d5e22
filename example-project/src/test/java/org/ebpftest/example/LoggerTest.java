package org.ebpftest.example;

import static org.ebpftest.assertions.EbpfAssertions.assertThat;
import static org.ebpftest.assertions.EbpfAssertions.assertThatRecords;
import static org.ebpftest.example.Net.u16;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.assertj.core.api.junit.jupiter.InjectSoftAssertions;
import org.assertj.core.api.junit.jupiter.SoftAssertionsExtension;
import org.ebpftest.assertions.EbpfSoftAssertions;
import org.ebpftest.junit.BpfObject;
import org.ebpftest.junit.BpfProgram;
import org.ebpftest.junit.Loaded;
import org.ebpftest.junit.ObjectMap;
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
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.MapCodec;
import org.ebpftest.runtime.linux.maps.TypedMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The event logger ({@code xdp_logger.c}): what lands in the {@code events} ring buffer, decoded
 * into {@link Event}s, and what it counts. Reading records with {@code assertThatRecords} consumes
 * them, as a user-space reader would. Soft assertions are injected by AssertJ's JUnit extension
 * and checked after each test.
 */
@BpfObject("xdp_logger.o")
@ExtendWith(SoftAssertionsExtension.class)
class LoggerTest {
    static final int TCP_SYN = 1;
    static final int WATCHED_PORT = 2;
    static final int LOGGED = 0;
    static final int LOST = 1;
    static final int RING_CAPACITY = 63;

    /**
     * {@code struct event}, 56 bytes. Addresses are 16-byte arrays (IPv4 in the first four), which
     * a record codec cannot lay out, so {@link #CODEC} reads them by hand.
     */
    record Event(long timestampNs, int kind, int length, IpAddress source, IpAddress destination,
            int sourcePort, int destinationPort, int protocol, int family) {

        static final MapCodec<Event> CODEC = new MapCodec<>() {
            @Override
            public int size() {
                return 56;
            }

            @Override
            public void encode(Event value, byte[] out, int offset) {
                throw new UnsupportedOperationException("events are only read");
            }

            @Override
            public Event decode(byte[] in, int offset) {
                ByteBuffer host = ByteBuffer.wrap(in).order(ByteOrder.LITTLE_ENDIAN);
                ByteBuffer network = ByteBuffer.wrap(in).order(ByteOrder.BIG_ENDIAN);
                int family = in[offset + 53];
                int addressLength = family == 4 ? 4 : 16;
                return new Event(host.getLong(offset), host.getInt(offset + 8), host.getInt(offset + 12),
                        IpAddress.of(Arrays.copyOfRange(in, offset + 16, offset + 16 + addressLength)),
                        IpAddress.of(Arrays.copyOfRange(in, offset + 32, offset + 32 + addressLength)),
                        network.getShort(offset + 48) & 0xffff, network.getShort(offset + 50) & 0xffff,
                        in[offset + 52] & 0xff, family);
            }
        };
    }

    @ObjectProgram("xdp_logger") BpfProgram logger;
    @ObjectMap("events") BpfMap events;
    @ObjectMap("watched_ports") TypedMap<Short, Byte> watchedPorts;
    @ObjectMap("stats") TypedMap<Integer, Long> stats;
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
            softly.assertThatRecords(events).records(Event.CODEC).containsExactly(new Event(1_234_567_890_123L, TCP_SYN, syn.length,
                    IpAddress.of("192.0.2.7"), IpAddress.of("198.51.100.10"), 40000, 22, IpProtocol.TCP, 4));
            softly.assertThat(stats.get(LOGGED)).contains((long) 1);
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

            assertThatRecords(events).records(Event.CODEC).singleElement().satisfies(e -> {
                assertThat(e.family()).isEqualTo(6);
                assertThat(e.source()).isEqualTo(IpAddress.of("2001:db8::7"));
                assertThat(e.destination()).isEqualTo(IpAddress.of("2001:db8:1::10"));
                assertThat(e.length()).isEqualTo(syn.length);
            });
        }

        @Test
        void countsTheVlanTagInTheLength() {
            byte[] tagged = Packets.ethernet().vlan(30).ipv4().source("192.0.2.7").destination("198.51.100.10")
                    .tcp().destinationPort(22).flags(TcpFlag.SYN).build();

            logger.run(tagged);

            assertThatRecords(events).records(Event.CODEC).extracting(Event::length).containsExactly(tagged.length);
        }

        @Test
        void stampsEachRecordWithTheClockAtItsRun() {
            logger.run(syn("192.0.2.7", 22));
            clock.advanceNs(1_500_000);
            logger.run(syn("192.0.2.8", 22));

            long start = VirtualClock.DEFAULT_MONOTONIC_NS;
            assertThatRecords(events).records(Event.CODEC).extracting(Event::timestampNs).containsExactly(start, start + 1_500_000);
        }

        @Test
        void ignoresSynAcksWhichAnswerRatherThanAttempt() {
            byte[] synAck = Packets.ethernet().ipv4().source("192.0.2.7").destination("198.51.100.10")
                    .tcp().sourcePort(22).destinationPort(40000).flags(TcpFlag.SYN, TcpFlag.ACK).build();

            logger.run(synAck);

            assertThatRecords(events).hasNoRecords();
        }
    }

    @Nested
    @DisplayName("watched ports")
    class WatchedPorts {

        @BeforeEach
        void watchDnsAndSyslog() {
            watchedPorts.put(u16(53), (byte) 1);
            watchedPorts.put(u16(514), (byte) 1);
        }

        @Test
        void reportsUdpToAWatchedPortWithACopiedRecord() {
            byte[] query = Packets.ethernet().ipv4().source("192.0.2.7").destination("198.51.100.53")
                    .udp().sourcePort(5353).destinationPort(53).payload("query").build();

            RunResult result = logger.run(query);

            assertThat(result).returnsXdpPass().calledHelperTimes("bpf_ringbuf_output", 1).neverCalledHelper("bpf_ringbuf_reserve");
            assertThatRecords(events).records(Event.CODEC).containsExactly(new Event(VirtualClock.DEFAULT_MONOTONIC_NS, WATCHED_PORT,
                    query.length, IpAddress.of("192.0.2.7"), IpAddress.of("198.51.100.53"), 5353, 53, IpProtocol.UDP, 4));
        }

        @Test
        void reportsASynToAWatchedPortOnceAsASyn() {
            logger.run(syn("192.0.2.7", 514));

            assertThatRecords(events).records(Event.CODEC).extracting(Event::kind).containsExactly(TCP_SYN);
        }

        @Test
        void ignoresOtherPortsIcmpAndLaterFragments() {
            logger.run(Packets.ethernet().ipv4().source("192.0.2.7").destination("198.51.100.53")
                    .udp().destinationPort(123).build());
            logger.run(Packets.ethernet().ipv4().source("192.0.2.7").destination("198.51.100.53")
                    .icmp().echoRequest(1, 1).build());
            logger.run(Packets.ethernet().ipv4().source("192.0.2.7").destination("198.51.100.53")
                    .dontFragment(false).fragmentOffset(100).protocol(IpProtocol.UDP).payload(new byte[16]).build());

            assertThatRecords(events).hasNoRecords();
            assertThat(stats.get(LOGGED)).contains(0L);
        }

        @Test
        void countsARecordTheRingRefusedAsLost(@Loaded LinuxEnvironment environment) {
            environment.override(HelperId.RINGBUF_OUTPUT, LinuxHelper.failing(11));   // EAGAIN: ring full
            byte[] query = Packets.ethernet().ipv4().source("192.0.2.7").destination("198.51.100.53")
                    .udp().destinationPort(53).build();

            assertThat(logger.run(query)).returnsXdpPass();

            assertThatRecords(events).hasNoRecords();
            assertThat(stats.get(LOST)).contains((long) 1);
            assertThat(stats.get(LOGGED)).contains(0L);
        }
    }

    @Test
    void holdsSixtyThreeRecordsAndCountsTheRestAsLost() {
        for (int i = 0; i < RING_CAPACITY + 2; i++) {
            assertThat(logger.run(syn("192.0.2." + (i + 1), 22))).returnsXdpPass();
        }

        assertThatRecords(events).hasRecordCount(RING_CAPACITY);
        assertThat(stats.get(LOGGED)).contains((long) RING_CAPACITY);
        assertThat(stats.get(LOST)).contains((long) 2);
    }

    @Test
    void makesRoomAgainOnceTheReaderHasConsumedTheRecords() {
        for (int i = 0; i < RING_CAPACITY; i++) {
            logger.run(syn("192.0.2.7", 22));
        }
        assertThatRecords(events).hasRecordCount(RING_CAPACITY);   // reads, and so consumes, them

        logger.run(syn("192.0.2.8", 22));

        assertThatRecords(events).records(Event.CODEC).extracting(Event::source).containsExactly(IpAddress.of("192.0.2.8"));
        assertThat(stats.get(LOST)).contains(0L);
    }
}
