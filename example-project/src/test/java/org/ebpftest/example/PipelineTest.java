package org.ebpftest.example;

import static org.ebpftest.assertions.EbpfAssertions.assertThat;
import static org.ebpftest.example.Net.ipv4;
import static org.ebpftest.example.Net.u16;

import java.util.Arrays;
import org.ebpftest.example.bpf.XdpPipeline;
import org.ebpftest.example.bpf.XdpPipeline.PipelineMeta;
import org.ebpftest.example.bpf.XdpPipeline.PolicyKey;
import org.ebpftest.junit.BpfObject;
import org.ebpftest.junit.BpfProgram;
import org.ebpftest.junit.ObjectMap;
import org.ebpftest.junit.ObjectProgram;
import org.ebpftest.packet.IpProtocol;
import org.ebpftest.packet.Packets;
import org.ebpftest.packet.TcpFlag;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.maps.MapCodec;
import org.ebpftest.runtime.linux.maps.ReferenceMap;
import org.ebpftest.runtime.uapi.ReturnCodes;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The three-stage pipeline ({@code xdp_pipeline.c}): a parser, a policy and an action program of
 * one object, chained with tail calls through the program array {@code jmp_table} and talking
 * through XDP metadata. The tests run the chain from its entry, change the program array as user
 * space would, and run single stages on metadata they make up.
 */
@BpfObject("xdp_pipeline.o")
class PipelineTest {

    /** {@code struct policy_key}: destination port in host order, the protocol, zero padding. */
    static PolicyKey policyKey(int port, int protocol) {
        return new PolicyKey(u16(port), (byte) protocol, (byte) 0);
    }

    /** {@code struct pipeline_meta}, the 12 bytes in front of the packet, as the skeleton's record encodes it. */
    static final MapCodec<PipelineMeta> META = PipelineMeta.CODEC;

    static final int PASS = 0;
    static final int DROP = 1;
    static final int REFLECT = 2;
    static final int FALLTHROUGH = 3;

    static final int STAGE_POLICY = 0;
    static final int STAGE_ACTION = 1;
    static final int STAGE_POLICY_V6 = 2;

    static final String CLIENT_MAC = "02:00:00:00:00:01";
    static final String OUR_MAC = "02:00:00:00:00:02";

    @ObjectProgram("xdp_pipeline") BpfProgram pipeline;
    @ObjectProgram("xdp_policy") BpfProgram policyStage;
    @ObjectProgram("xdp_action") BpfProgram actionStage;
    @ObjectMap("jmp_table") ReferenceMap jmpTable;
    XdpPipeline stages;   // the generated skeleton: policy keys are its PolicyKey records

    static byte[] tcpTo(int port) {
        return Packets.ethernet().source(CLIENT_MAC).destination(OUR_MAC).ipv4().source("192.0.2.7").destination("198.51.100.10")
                .tcp().sourcePort(40000).destinationPort(port).flags(TcpFlag.SYN).build();
    }

    static byte[] udpTo(int port) {
        return Packets.ethernet().source(CLIENT_MAC).destination(OUR_MAC).ipv4().source("192.0.2.7").destination("198.51.100.10")
                .udp().sourcePort(40000).destinationPort(port).payload("ping").build();
    }

    static byte[] ipv6() {
        return Packets.ethernet().source(CLIENT_MAC).destination(OUR_MAC).ipv6().source("2001:db8::7").destination("2001:db8::10")
                .tcp().destinationPort(443).build();
    }

    /** The metadata a run left in front of the packet (test_run's data_out starts at data_meta). */
    static PipelineMeta metadataOf(RunResult result) {
        return META.decode(Arrays.copyOf(result.packet(), META.size()));
    }

    long counted(int counter) {
        return stages.counters().getPerCpu(counter).orElseThrow().stream().mapToLong(Long::longValue).sum();
    }

    static byte[] slot(int stage) {
        return MapCodec.int32().encode(stage);
    }

    @Nested
    @DisplayName("the whole chain")
    class Chain {

        @Test
        void passesWhatNoPolicyMentionsThroughAllThreeStages() {
            byte[] http = tcpTo(80);

            RunResult result = pipeline.run(http);

            assertThat(result, ReturnCodes.XDP).returnsXdpPass().packetIsUnchanged(http).calledHelperTimes("bpf_tail_call", 2);
            assertThat(counted(PASS)).isEqualTo(1);
            assertThat(counted(FALLTHROUGH)).isZero();
        }

        @Test
        void handsTheParsedHeadersOnAsMetadata() {
            stages.policy().put(policyKey(23, IpProtocol.TCP), DROP);

            RunResult result = pipeline.run(tcpTo(23));

            assertThat(metadataOf(result)).isEqualTo(new PipelineMeta(DROP, ipv4("192.0.2.7"), u16(23), (byte) IpProtocol.TCP, (byte) 0));
        }

        @Test
        void dropsWhatThePolicySaysToDrop() {
            stages.policy().put(policyKey(23, IpProtocol.TCP), DROP);

            assertThat(pipeline.run(tcpTo(23))).returnsXdpDrop();
            assertThat(pipeline.run(udpTo(23))).as("the rule is for TCP only").returnsXdpPass();
            assertThat(counted(DROP)).isEqualTo(1);
            assertThat(counted(PASS)).isEqualTo(1);
        }

        @Test
        void reflectsByTurningTheMacAddressesAround() {
            stages.policy().put(policyKey(7, IpProtocol.UDP), REFLECT);
            byte[] echo = udpTo(7);

            RunResult result = pipeline.run(echo);

            assertThat(result, ReturnCodes.XDP).returnsXdpTx()
                    .packet().ethernet().hasSource(OUR_MAC).hasDestination(CLIENT_MAC)
                    .and().payload().isEqualTo(Arrays.copyOfRange(echo, 42, echo.length));
            assertThat(counted(REFLECT)).isEqualTo(1);
        }

        @Test
        void givesIcmpAndLaterFragmentsPortZero() {
            stages.policy().put(policyKey(0, IpProtocol.ICMP), DROP);
            byte[] ping = Packets.ethernet().ipv4().source("192.0.2.7").destination("198.51.100.10").icmp().echoRequest(1, 1).build();
            byte[] laterFragment = Packets.ethernet().ipv4().source("192.0.2.7").destination("198.51.100.10")
                    .dontFragment(false).fragmentOffset(64).protocol(IpProtocol.UDP).payload(new byte[24]).build();

            assertThat(pipeline.run(ping)).returnsXdpDrop();
            RunResult fragment = pipeline.run(laterFragment);
            assertThat(fragment).returnsXdpPass();
            assertThat(metadataOf(fragment).dport()).isZero();
        }

        @Test
        void passesNonIpWithoutEnteringThePipelineAndDropsTruncatedIpv4() {
            byte[] arp = Packets.ethernet().destination("ff:ff:ff:ff:ff:ff").arp().request().targetIp("198.51.100.10").build();
            byte[] cut = Packets.ethernet().ipv4().source("192.0.2.7").destination("198.51.100.10")
                    .protocol(IpProtocol.UDP).payload(new byte[2]).build();

            assertThat(pipeline.run(arp)).returnsXdpPass().neverCalledHelper("bpf_tail_call");
            assertThat(pipeline.run(cut)).as("ports cut off").returnsXdpDrop().neverCalledHelper("bpf_tail_call");
            assertThat(stages.counters().getPerCpu(PASS).orElseThrow()).containsOnly(0L);
            assertThat(stages.counters().getPerCpu(DROP).orElseThrow()).containsOnly(0L);
        }
    }

    @Nested
    @DisplayName("the program array")
    class ProgramArray {

        @Test
        void comesFilledFromTheStaticInitialiserWithTheV6SlotEmpty() {
            assertThat(jmpTable.reference(STAGE_POLICY)).containsSame(policyStage.program());
            assertThat(jmpTable.reference(STAGE_ACTION)).containsSame(actionStage.program());
            assertThat(jmpTable.reference(STAGE_POLICY_V6)).isEmpty();
        }

        @Test
        void letsIpv6FallThroughTheEmptySlotToPass() {
            RunResult result = pipeline.run(ipv6());

            assertThat(result).returnsXdpPass().calledHelperTimes("bpf_tail_call", 1);
            assertThat(counted(FALLTHROUGH)).isEqualTo(1);
            assertThat(result.helperCalls("bpf_tail_call").get(0).arg(3)).as("slot asked for").isEqualTo(STAGE_POLICY_V6);
        }

        @Test
        void takesIpv6ThroughThePolicyOnceAStageIsInstalledInItsSlot() {
            // Reuse the IPv4 policy program for IPv6, as user space would by writing its fd to slot 2.
            jmpTable.setReference(slot(STAGE_POLICY_V6), jmpTable.lookup(slot(STAGE_POLICY)).orElseThrow(), policyStage.program());
            stages.policy().put(policyKey(0, 0), DROP);   // IPv6 metadata stays zero: port 0, protocol 0

            assertThat(pipeline.run(ipv6())).returnsXdpDrop().calledHelperTimes("bpf_tail_call", 2);
            assertThat(counted(DROP)).isEqualTo(1);
            assertThat(counted(FALLTHROUGH)).isZero();
        }

        @Test
        void failsOpenWhenTheActionStageIsMissing() {
            stages.policy().put(policyKey(23, IpProtocol.TCP), DROP);
            assertThat(jmpTable.delete(slot(STAGE_ACTION))).isTrue();

            RunResult result = pipeline.run(tcpTo(23));

            assertThat(result).as("the drop verdict is never carried out").returnsXdpPass();
            assertThat(metadataOf(result).verdict()).isEqualTo(DROP);
            assertThat(counted(FALLTHROUGH)).isEqualTo(1);
        }
    }

    @Nested
    @DisplayName("one stage on its own")
    class SingleStages {

        @Test
        void theActionStageCarriesOutTheVerdictItIsGiven() {
            byte[] frame = udpTo(9);
            byte[] reflect = META.encode(new PipelineMeta(REFLECT, ipv4("192.0.2.7"), u16(9), (byte) IpProtocol.UDP, (byte) 0));
            byte[] drop = META.encode(new PipelineMeta(DROP, ipv4("192.0.2.7"), u16(9), (byte) IpProtocol.UDP, (byte) 0));

            assertThat(actionStage.run(XdpInput.of(frame).withMetadata(reflect)), ReturnCodes.XDP)
                    .returnsXdpTx().packet().ethernet().hasDestination(CLIENT_MAC);
            assertThat(actionStage.run(XdpInput.of(frame).withMetadata(drop))).returnsXdpDrop();
        }

        @Test
        void theActionStageAbortsWithoutMetadata() {
            assertThat(actionStage.run(udpTo(9))).returnsXdpAborted();
        }

        @Test
        void thePolicyStageWritesItsVerdictAndTailCallsTheAction() {
            stages.policy().put(policyKey(9, IpProtocol.UDP), REFLECT);
            byte[] parsed = META.encode(new PipelineMeta(PASS, ipv4("192.0.2.7"), u16(9), (byte) IpProtocol.UDP, (byte) 0));

            RunResult result = policyStage.run(XdpInput.of(udpTo(9)).withMetadata(parsed));

            assertThat(result).returnsXdpTx().calledHelperTimes("bpf_tail_call", 1);
            assertThat(metadataOf(result).verdict()).isEqualTo(REFLECT);
        }
    }
}
