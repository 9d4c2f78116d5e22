package org.ebpftest.example;

import static org.ebpftest.assertions.EbpfAssertions.assertThat;
import static org.ebpftest.assertions.EbpfAssertions.assertThatFrame;
import static org.ebpftest.example.Nat.EXTERNAL;
import static org.ebpftest.example.Nat.PORT_MAX;
import static org.ebpftest.example.Nat.PORT_MIN;
import static org.ebpftest.example.Nat.REMOTE;
import static org.ebpftest.example.Net.port;

import org.ebpftest.example.bpf.TcNat;
import org.ebpftest.example.bpf.TcNat.Endpoint;
import org.ebpftest.example.bpf.TcNat.Flow;
import org.ebpftest.example.bpf.TcNat.NatConfig;
import org.ebpftest.junit.BpfObject;
import org.ebpftest.junit.BpfProgram;
import org.ebpftest.junit.Loaded;
import org.ebpftest.junit.ObjectProgram;
import org.ebpftest.packet.IpProtocol;
import org.ebpftest.packet.Packet;
import org.ebpftest.packet.Packets;
import org.ebpftest.packet.Tcp;
import org.ebpftest.packet.TcpFlag;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.maps.MapCodec;
import org.ebpftest.runtime.snapshot.MapSnapshot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Source NAT ({@code tc_nat.c}): two tc programs of one object sharing the LRU connection table.
 * {@code tc_snat} translates what leaves, {@code tc_dnat} translates the replies back; headers are
 * rewritten with the checksum helpers, so every translated packet must still check out.
 */
@BpfObject("tc_nat.o")
class NatTest {
    static final String INSIDE = "10.0.0.5";

    @ObjectProgram("tc_snat") BpfProgram snat;
    @ObjectProgram("tc_dnat") BpfProgram dnat;
    TcNat nat;
    @Loaded LoadedObject object;

    @BeforeEach
    void configure() {
        nat.config().put(0, Nat.standardConfig());
    }

    @Nested
    @DisplayName("outbound: tc_snat")
    class Outbound {

        @Test
        void givesANewFlowTheExternalAddressAndAPortFromTheRange() {
            byte[] syn = Nat.tcp(INSIDE, 40000, REMOTE, 443, TcpFlag.SYN);
            int port = Nat.probePorts(INSIDE, REMOTE, 40000, 443, IpProtocol.TCP)[0];

            RunResult result = snat.run(syn);

            assertThat(result).returnsTcOk()
                    .packet().ipv4().hasSource(EXTERNAL).hasDestination(REMOTE).hasValidChecksum()
                    .and().tcp().hasSourcePort(port).hasDestinationPort(443).hasFlags(TcpFlag.SYN).hasValidChecksum();
            assertThat(port).isBetween(PORT_MIN, PORT_MAX);
        }

        @Test
        void changesNothingButTheSourceAddressPortAndChecksums() {
            byte[] syn = Nat.tcp(INSIDE, 40000, REMOTE, 443, TcpFlag.SYN);
            int port = Nat.probePorts(INSIDE, REMOTE, 40000, 443, IpProtocol.TCP)[0];

            RunResult result = snat.run(syn);

            assertThat(result).hasPacket(Nat.tcp(EXTERNAL, port, REMOTE, 443, TcpFlag.SYN));
        }

        @Test
        void recordsBothDirectionsOfTheNewFlow() {
            MapSnapshot before = MapSnapshot.of(nat.natTable().map());
            int port = Nat.probePorts(INSIDE, REMOTE, 40000, 443, IpProtocol.TCP)[0];
            Flow outgoing = Nat.flow(INSIDE, REMOTE, 40000, 443, IpProtocol.TCP);
            Flow reply = Nat.flow(REMOTE, EXTERNAL, 443, port, IpProtocol.TCP);

            snat.run(Nat.tcp(INSIDE, 40000, REMOTE, 443, TcpFlag.SYN));

            MapCodec<Flow> flows = Flow.CODEC;
            assertThat(nat.natTable().map(), object).changedSince(before)
                    .added(outgoing, flows).added(reply, flows)
                    .unchangedExcept(flows.encode(outgoing), flows.encode(reply));
            assertThat(nat.natTable().map(), object).hasSize(2)
                    .containsEntry(outgoing, flows, Nat.endpoint(EXTERNAL, port), Endpoint.CODEC)
                    .containsEntry(reply, flows, Nat.endpoint(INSIDE, 40000), Endpoint.CODEC);
        }

        @Test
        void keepsTheFlowOnItsPortForTheRestOfTheConnection() {
            snat.run(Nat.tcp(INSIDE, 40000, REMOTE, 443, TcpFlag.SYN));
            int port = port(nat.natTable().get(Nat.flow(INSIDE, REMOTE, 40000, 443, IpProtocol.TCP)).orElseThrow().port());
            byte[] data = Packets.ethernet().ipv4().source(INSIDE).destination(REMOTE)
                    .tcp().sourcePort(40000).destinationPort(443).flags(TcpFlag.ACK, TcpFlag.PSH).payload("hello").build();

            RunResult result = snat.run(data);

            assertThat(result).returnsTcOk().packet()
                    .hasPayload("hello")
                    .tcp().hasSourcePort(port).hasValidChecksum();
            assertThat(nat.natTable().size()).isEqualTo(2);
        }

        @Test
        void triesTheNextPortWhenTheFirstIsTakenTowardsThatRemote() {
            int[] probes = Nat.probePorts(INSIDE, REMOTE, 40000, 443, IpProtocol.TCP);
            nat.natTable().put(Nat.flow(REMOTE, EXTERNAL, 443, probes[0], IpProtocol.TCP), Nat.endpoint("10.0.0.99", 1111));

            RunResult result = snat.run(Nat.tcp(INSIDE, 40000, REMOTE, 443, TcpFlag.SYN));

            assertThat(result).returnsTcOk().packet().tcp().hasSourcePort(probes[1]);
        }

        @Test
        void dropsANewFlowWhenEveryProbedPortIsTaken() {
            for (int port : Nat.probePorts(INSIDE, REMOTE, 40000, 443, IpProtocol.TCP)) {
                nat.natTable().put(Nat.flow(REMOTE, EXTERNAL, 443, port, IpProtocol.TCP), Nat.endpoint("10.0.0.99", 1111));
            }

            assertThat(snat.run(Nat.tcp(INSIDE, 40000, REMOTE, 443, TcpFlag.SYN))).returnsTcShot();
            assertThat(nat.natTable().map()).hasSize(Nat.PROBES)
                    .doesNotContainKey(Nat.flow(INSIDE, REMOTE, 40000, 443, IpProtocol.TCP), Flow.CODEC);
        }

        @Test
        void keepsAnAbsentUdpChecksumAbsentAndFixesAPresentOne() {
            byte[] withChecksum = Nat.udp(INSIDE, 5000, REMOTE, 53, "query");
            byte[] without = Packets.ethernet().ipv4().source(INSIDE).destination(REMOTE)
                    .udp().sourcePort(5001).destinationPort(53).noChecksum().payload("query").build();

            assertThat(snat.run(withChecksum)).returnsTcOk().packet()
                    .ipv4().hasSource(EXTERNAL).hasValidChecksum()
                    .and().udp().hasValidChecksum();
            assertThat(snat.run(without)).returnsTcOk().packet()
                    .ipv4().hasSource(EXTERNAL).hasValidChecksum()
                    .and().udp().hasNoChecksum();
        }

        @Test
        void findsTheTransportHeaderBehindIpv4Options() {
            byte[] withOptions = Packets.ethernet().ipv4().source(INSIDE).destination(REMOTE).options(new byte[] {1, 1, 1, 0})
                    .tcp().sourcePort(40000).destinationPort(443).flags(TcpFlag.SYN).build();

            assertThat(snat.run(withOptions)).returnsTcOk().packet()
                    .ipv4().hasHeaderLength(24).hasSource(EXTERNAL).hasValidChecksum()
                    .and().tcp().hasDestinationPort(443).hasValidChecksum();
        }

        @Test
        void leavesOtherSourcesIcmpAndIpv6Alone() {
            byte[] fromElsewhere = Nat.tcp("172.16.0.5", 40000, REMOTE, 443, TcpFlag.SYN);
            byte[] ping = Packets.ethernet().ipv4().source(INSIDE).destination(REMOTE).icmp().echoRequest(1, 1).build();
            byte[] v6 = Packets.ethernet().ipv6().source("2001:db8::5").destination("2001:db8::99")
                    .tcp().destinationPort(443).build();

            assertThat(snat.run(fromElsewhere)).returnsTcOk().packetIsUnchanged(fromElsewhere);
            assertThat(snat.run(ping)).returnsTcOk().packetIsUnchanged(ping);
            assertThat(snat.run(v6)).returnsTcOk().packetIsUnchanged(v6);
            assertThat(nat.natTable().size()).isZero();
        }

        @Test
        void dropsWhatItCannotTranslate() {
            byte[] fragment = Packets.ethernet().ipv4().source(INSIDE).destination(REMOTE).dontFragment(false).moreFragments(true)
                    .tcp().sourcePort(40000).destinationPort(443).payload(new byte[64]).build();
            byte[] cutTcp = Packets.ethernet().ipv4().source(INSIDE).destination(REMOTE)
                    .protocol(IpProtocol.TCP).payload(new byte[10]).build();

            assertThat(snat.run(fragment)).as("a fragment cannot be given a port").returnsTcShot();
            assertThat(snat.run(cutTcp)).as("10 bytes of TCP header").returnsTcShot();
        }

        @Test
        void translatesNothingUntilAnExternalAddressIsConfigured() {
            nat.config().put(0, new NatConfig(0, 0, 0, (short) 0, (short) 0));
            byte[] syn = Nat.tcp(INSIDE, 40000, REMOTE, 443, TcpFlag.SYN);

            assertThat(snat.run(syn)).returnsTcOk().packetIsUnchanged(syn);
        }
    }

    @Nested
    @DisplayName("inbound: tc_dnat")
    class Inbound {

        @Test
        void givesAReplyTheInternalAddressAndPortBack() {
            byte[] syn = Nat.tcp(INSIDE, 40000, REMOTE, 443, TcpFlag.SYN);
            byte[] translated = snat.run(syn).packet();
            assertThatFrame(translated).ipv4().hasSource(EXTERNAL);
            int port = Packet.parse(translated).layer(Tcp.class).sourcePort();
            byte[] synAck = Nat.tcp(REMOTE, 443, EXTERNAL, port, TcpFlag.SYN, TcpFlag.ACK);

            RunResult result = dnat.run(synAck);

            assertThat(result).returnsTcOk()
                    .hasPacket(Nat.tcp(REMOTE, 443, INSIDE, 40000, TcpFlag.SYN, TcpFlag.ACK))
                    .packet().ipv4().hasValidChecksum().and().tcp().hasValidChecksum();
        }

        @Test
        void translatesUdpRepliesWithTheirChecksum() {
            nat.natTable().put(Nat.flow(REMOTE, EXTERNAL, 53, 20456, IpProtocol.UDP), Nat.endpoint(INSIDE, 5000));

            RunResult result = dnat.run(Nat.udp(REMOTE, 53, EXTERNAL, 20456, "answer"));

            assertThat(result).returnsTcOk().hasPacket(Nat.udp(REMOTE, 53, INSIDE, 5000, "answer"));
        }

        @Test
        void leavesTrafficForThisHostItselfAlone() {
            nat.natTable().put(Nat.flow(REMOTE, EXTERNAL, 443, 20123, IpProtocol.TCP), Nat.endpoint(INSIDE, 40000));
            byte[] unmappedPort = Nat.tcp(REMOTE, 443, EXTERNAL, 22, TcpFlag.SYN);
            byte[] otherRemote = Nat.tcp("198.51.100.1", 443, EXTERNAL, 20123, TcpFlag.SYN, TcpFlag.ACK);
            byte[] otherAddress = Nat.tcp(REMOTE, 443, "192.0.2.2", 20123, TcpFlag.SYN, TcpFlag.ACK);

            assertThat(dnat.run(unmappedPort)).returnsTcOk().packetIsUnchanged(unmappedPort);
            assertThat(dnat.run(otherRemote)).as("mappings are per remote endpoint").returnsTcOk().packetIsUnchanged(otherRemote);
            assertThat(dnat.run(otherAddress)).returnsTcOk().packetIsUnchanged(otherAddress);
        }

        @Test
        void dropsFragmentsAddressedToTheExternalAddress() {
            byte[] fragment = Packets.ethernet().ipv4().source(REMOTE).destination(EXTERNAL).dontFragment(false).moreFragments(true)
                    .tcp().sourcePort(443).destinationPort(20123).payload(new byte[64]).build();

            assertThat(dnat.run(fragment)).returnsTcShot();
        }
    }

    @Nested
    @DisplayName("the connection table")
    class ConnectionTable {

        @Test
        void whenFullForgetsIdleFlowsRatherThanRefusingNewOnes() {
            int capacity = nat.natTable().map().maxEntries();
            for (int i = 0; nat.natTable().size() < capacity; i++) {
                nat.natTable().put(Nat.flow("10.9." + (i >> 8 & 0xff) + "." + (i & 0xff), REMOTE, 30000, 80, IpProtocol.UDP),
                        Nat.endpoint(EXTERNAL, 30000));
            }

            RunResult result = snat.run(Nat.tcp(INSIDE, 40000, REMOTE, 443, TcpFlag.SYN));

            assertThat(result).returnsTcOk().packet().ipv4().hasSource(EXTERNAL);
            int port = Nat.probePorts(INSIDE, REMOTE, 40000, 443, IpProtocol.TCP)[0];
            assertThat(nat.natTable().get(Nat.flow(INSIDE, REMOTE, 40000, 443, IpProtocol.TCP))).contains(Nat.endpoint(EXTERNAL, port));
            assertThat(nat.natTable().get(Nat.flow(REMOTE, EXTERNAL, 443, port, IpProtocol.TCP))).contains(Nat.endpoint(INSIDE, 40000));
            // Out of free nodes, the kernel's LRU evicts a batch of 128 of the least recently used
            // elements (its target_free) at once; Linux 6.18 leaves the same 3,968 of them.
            assertThat(nat.natTable().keys()).filteredOn(flow -> (flow.saddr() >>> 16 & 0xff) == 9).as("idle flows left")
                    .hasSize(capacity - 128);
        }
    }
}
