package org.ebpftest.example;

import static org.ebpftest.assertions.EbpfAssertions.assertThat;
import static org.ebpftest.assertions.EbpfAssertions.assertThatRecords;
import static org.ebpftest.example.Net.ipv4;
import static org.ebpftest.example.Net.u16;

import java.util.stream.Stream;
import org.ebpftest.example.bpf.TcNat;
import org.ebpftest.example.bpf.XdpLb;
import org.ebpftest.example.bpf.XdpLb.LbConfig;
import org.ebpftest.example.bpf.XdpLb.Service;
import org.ebpftest.example.bpf.XdpPipeline;
import org.ebpftest.junit.BpfObject;
import org.ebpftest.junit.BpfProgram;
import org.ebpftest.junit.EmulatorOnly;
import org.ebpftest.junit.Golden;
import org.ebpftest.junit.ObjectMap;
import org.ebpftest.junit.ObjectProgram;
import org.ebpftest.packet.IpProtocol;
import org.ebpftest.packet.Packets;
import org.ebpftest.packet.TcpFlag;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.TypedMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: each check runs a program once and compares everything the run did (the frame it
 * left, its return value, the map entries it added, changed or removed, its ring-buffer records)
 * with a JSON file under {@code src/test/golden/}, and the frames with a {@code .pcap} beside it.
 * The files were recorded with {@code -Debpftest.golden.update=true} and every value in them was
 * checked by hand against the C source; a change in behaviour fails with a diff of the file.
 * One directory per nested class, one file per test and check name.
 */
class GoldenFilesTest {

    /** The load balancer's encapsulation, with one backend behind every ring slot so that the flow hash does not matter. */
    @Nested
    @BpfObject("xdp_lb.o")
    class LoadBalancing {
        static final String VIP = "198.51.100.80";
        static final int WEB = 1;

        @ObjectProgram("xdp_lb") BpfProgram lb;
        XdpLb balancer;

        @BeforeEach
        void webServiceOnBackend3() {
            balancer.config().put(0, new LbConfig(ipv4("10.0.0.100")));
            balancer.services().put(LoadBalancerTest.vip(VIP, 443, IpProtocol.TCP), new Service(WEB));
            balancer.backends().put(3, LoadBalancerTest.backend(3));
            for (int slot = 0; slot < LoadBalancerTest.RING_SIZE; slot++) {
                balancer.rings().put(WEB * LoadBalancerTest.RING_SIZE + slot, 3);
            }
        }

        @Test
        void encapsulatesASynInIpInIpTowardsItsBackendAndCountsIt(Golden golden) {
            byte[] syn = Packets.ethernet().source("02:00:00:00:00:01").destination("02:00:00:00:00:fe")
                    .ipv4().source("192.0.2.7").destination(VIP).dscp(10)
                    .tcp().sourcePort(40000).destinationPort(443).flags(TcpFlag.SYN).build();

            RunResult result = golden.check(lb, syn);

            assertThat(result).returnsXdpTx();
        }
    }

    /** Source NAT: the rewrite and the LRU connection table on the way out, and the reply on the way back. */
    @Nested
    @BpfObject("tc_nat.o")
    class SourceNat {
        @ObjectProgram("tc_snat") BpfProgram snat;
        @ObjectProgram("tc_dnat") BpfProgram dnat;
        TcNat nat;

        @BeforeEach
        void configure() {
            nat.config().put(0, Nat.standardConfig());
        }

        @Test
        void translatesANewFlowOutAndItsReplyBack(Golden golden) {
            byte[] syn = Nat.tcp("10.0.0.5", 40000, Nat.REMOTE, 443, TcpFlag.SYN);
            int port = Nat.probePorts("10.0.0.5", Nat.REMOTE, 40000, 443, IpProtocol.TCP)[0];
            byte[] synAck = Nat.tcp(Nat.REMOTE, 443, Nat.EXTERNAL, port, TcpFlag.SYN, TcpFlag.ACK);

            golden.check("out", snat, syn);           // translatesANewFlowOutAndItsReplyBack-out.json
            golden.check("back", dnat, synAck);       // translatesANewFlowOutAndItsReplyBack-back.json
        }

        @Test
        void keepsAnAbsentUdpChecksumAbsent(Golden golden) {
            byte[] query = Packets.ethernet().ipv4().source("10.0.0.5").destination(Nat.REMOTE)
                    .udp().sourcePort(5001).destinationPort(53).noChecksum().payload("query").build();

            golden.check(snat, query);
        }
    }

    /** The logger's ring-buffer records, one reserved and filled in place, one copied in with output. */
    @Nested
    @BpfObject("xdp_logger.o")
    @EmulatorOnly("the virtual clock (each record carries its bpf_ktime_get_ns timestamp)")
    class EventLog {
        @ObjectProgram("xdp_logger") BpfProgram logger;
        @ObjectMap("events") BpfMap events;
        @ObjectMap("watched_ports") TypedMap<Short, Byte> watchedPorts;

        @Test
        void logsATcpSyn(Golden golden) {
            byte[] syn = Packets.ethernet().ipv4().source("192.0.2.7").destination("198.51.100.10")
                    .tcp().sourcePort(40000).destinationPort(22).flags(TcpFlag.SYN).build();

            golden.check(logger, syn);

            // The golden file copies the records; they are still there for the test to read.
            assertThatRecords(events).hasRecordCount(1);
        }

        @Test
        void logsIpv6UdpToAWatchedPort(Golden golden) {
            watchedPorts.put(u16(53), (byte) 1);
            byte[] query = Packets.ethernet().ipv6().source("2001:db8::7").destination("2001:db8:1::53")
                    .udp().sourcePort(5353).destinationPort(53).payload("query").build();

            golden.check(logger, query);
        }
    }

    /**
     * The pipeline's three programs chained by tail calls: each verdict's file shows the metadata
     * the parser and the policy left in front of the frame and the counter the last stage moved.
     * A parameterized test gets a directory with a file per invocation, named after it.
     */
    @Nested
    @BpfObject("xdp_pipeline.o")
    class TailCalls {
        @ObjectProgram("xdp_pipeline") BpfProgram pipeline;
        XdpPipeline stages;

        @BeforeEach
        void dropTelnetAndReflectEcho() {
            stages.policy().put(PipelineTest.policyKey(23, IpProtocol.TCP), PipelineTest.DROP);
            stages.policy().put(PipelineTest.policyKey(7, IpProtocol.UDP), PipelineTest.REFLECT);
        }

        static Stream<Named<byte[]>> frames() {
            return Stream.of(
                    Named.of("web traffic passes", PipelineTest.tcpTo(80)),
                    Named.of("telnet is dropped", PipelineTest.tcpTo(23)),
                    Named.of("echo is reflected", PipelineTest.udpTo(7)),
                    Named.of("ipv6 falls through the empty slot", PipelineTest.ipv6()));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("frames")
        void verdicts(byte[] frame, Golden golden) {
            golden.check(pipeline, frame);            // verdicts/telnet-is-dropped.json, ...
        }
    }
}
