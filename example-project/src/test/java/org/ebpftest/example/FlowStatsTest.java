package org.ebpftest.example;

import static org.ebpftest.assertions.EbpfAssertions.assertThat;

import java.util.List;
import java.util.Map;
import org.ebpftest.example.bpf.XdpFlowstats;
import org.ebpftest.example.bpf.XdpFlowstats.FlowAddr;
import org.ebpftest.example.bpf.XdpFlowstats.FlowKey;
import org.ebpftest.example.bpf.XdpFlowstats.FlowState;
import org.ebpftest.example.bpf.XdpFlowstats.FlowStats;
import org.ebpftest.example.bpf.XdpFlowstats.FlowTimes;
import org.ebpftest.example.bpf.XdpFlowstats.NewFlow;
import org.ebpftest.junit.BpfObject;
import org.ebpftest.junit.Loaded;
import org.ebpftest.packet.Packets;
import org.ebpftest.packet.TcpFlag;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.VirtualClock;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.maps.MapEntry;
import org.junit.jupiter.api.Test;

/**
 * Flow accounting ({@code xdp_flowstats.c}) through its typed skeleton, {@link XdpFlowstats}, which
 * the build generates from the object's BTF: the {@code flows} map holds {@link FlowKey} and
 * {@link FlowStats} records (a union, padding, a nested struct, an array, an enum and bitfields), the
 * {@code new_flows} ring buffer {@link NewFlow} records, and the globals are typed accessors. The
 * records are checked against the bytes the program stored, so a layout the generator got wrong fails
 * here, not in a test that trusts it.
 */
@BpfObject("xdp_flowstats.o")
class FlowStatsTest {
    static final int CLIENT = 0xc0000201;        // 192.0.2.1
    static final int SERVER = 0xc633640a;        // 198.51.100.10
    static final FlowKey HTTPS = new FlowKey(FlowAddr.ofV4(CLIENT), FlowAddr.ofV4(SERVER), (short) 12345, (short) 443, (byte) 6, (byte) 4);

    XdpFlowstats flowstats;
    @Loaded VirtualClock clock;

    static byte[] tcp(String source, int sourcePort, int length, TcpFlag... flags) {
        return Packets.ethernet().ipv4().source(source).destination("198.51.100.10").ttl(64).tos(1)
                .tcp().sourcePort(sourcePort).destinationPort(443).flags(flags).payload(new byte[length - 54]).build();
    }

    @Test
    void keepsAFlowsCountsSizesStateAndFlagsInOneRecord() {
        // Given a connection's SYN at t0 and a 600-byte segment 1 ms later
        long t0 = clock.monotonicNs();
        assertThat(flowstats.xdpFlowstats().run(XdpInput.of(tcp("192.0.2.1", 12345, 60, TcpFlag.SYN)))).returnsXdpPass();
        clock.advanceNs(1_000_000);
        flowstats.xdpFlowstats().run(XdpInput.of(tcp("192.0.2.1", 12345, 600, TcpFlag.ACK)));

        // Then the flow's record has them, field by field
        FlowStats stats = flowstats.flows().get(HTTPS).orElseThrow();
        assertThat(stats).isEqualTo(new FlowStats((byte) 64, 2, 660, new FlowTimes(t0, t0 + 1_000_000), new int[] {1, 0, 1, 0},
                FlowState.FLOW_ESTABLISHED, 1, 0, 0, 1));
    }

    @Test
    void recordsEncodeToExactlyTheBytesTheProgramStored() {
        // Given a flow the program created and counted
        flowstats.xdpFlowstats().run(XdpInput.of(tcp("192.0.2.1", 12345, 60, TcpFlag.SYN)));
        MapEntry raw = flowstats.object().map("flows").entries().get(0);
        FlowKey key = FlowKey.CODEC.decode(raw.key());
        FlowStats stats = FlowStats.CODEC.decode(raw.value());

        // Then the C layout is what the records say: the address first in network order, the ports
        // big-endian at 32, the counters after 7 bytes of padding, the bitfields in one byte
        assertThat(raw.key()).startsWith((byte) 192, (byte) 0, (byte) 2, (byte) 1);
        assertThat(List.of(raw.key()[32], raw.key()[33], raw.key()[36], raw.key()[37])).containsExactly((byte) 0x30, (byte) 0x39, (byte) 6, (byte) 4);
        assertThat(raw.value()).startsWith((byte) 64, (byte) 0, (byte) 0, (byte) 0, (byte) 0, (byte) 0, (byte) 0, (byte) 0, (byte) 1);
        assertThat(FlowKey.SIZE).isEqualTo(raw.key().length).isEqualTo(40);
        assertThat(FlowStats.SIZE).isEqualTo(raw.value().length).isEqualTo(64);
        assertThat(key).isEqualTo(HTTPS);
        assertThat(stats.syn()).isEqualTo(1);
        assertThat(stats.ecn()).isEqualTo(1);
        // and encoding the decoded records gives those bytes back, padding included
        assertThat(FlowKey.CODEC.encode(key)).isEqualTo(raw.key());
        assertThat(FlowStats.CODEC.encode(stats)).isEqualTo(raw.value());
    }

    @Test
    void readsARecordJavaWroteAsCWouldAndClosesTheFlowOnFin() {
        // Given a flow put by the test, as a control plane would
        flowstats.flows().put(HTTPS, new FlowStats((byte) 80, 5, 500, new FlowTimes(1, 2), new int[] {5, 0, 0, 0},
                FlowState.FLOW_ESTABLISHED, 1, 0, 0, 0));

        // When its FIN arrives
        flowstats.xdpFlowstats().run(XdpInput.of(tcp("192.0.2.1", 12345, 60, TcpFlag.FIN, TcpFlag.ACK)));

        // Then C found it by the key Java encoded and updated what Java wrote
        FlowStats stats = flowstats.flows().get(HTTPS).orElseThrow();
        assertThat(stats.packets()).isEqualTo(6);
        assertThat(stats.ttlMin()).isEqualTo((byte) 64);
        assertThat(stats.sizes()).containsExactly(6, 0, 0, 0);
        assertThat(stats.state()).isEqualTo(FlowState.FLOW_CLOSING);
        assertThat(List.of(stats.syn(), stats.fin(), stats.rst())).containsExactly(1, 1, 0);
        assertThat(flowstats.flowsTotal().get()).as("no new flow").isZero();
    }

    @Test
    void announcesEachNewFlowOnceAsATypedRecord() {
        // Given two packets of one flow and one of another
        long t0 = clock.monotonicNs();
        flowstats.xdpFlowstats().run(XdpInput.of(tcp("192.0.2.1", 12345, 60, TcpFlag.SYN)));
        flowstats.xdpFlowstats().run(XdpInput.of(tcp("192.0.2.1", 12345, 60, TcpFlag.ACK)));
        flowstats.xdpFlowstats().run(XdpInput.of(tcp("192.0.2.9", 5555, 60, TcpFlag.SYN)));

        // Then the ring buffer announced two flows, decoded as struct new_flow
        List<NewFlow> announced = flowstats.newFlows().drain();
        assertThat(announced).extracting(NewFlow::key).containsExactly(HTTPS,
                new FlowKey(FlowAddr.ofV4(0xc0000209), FlowAddr.ofV4(SERVER), (short) 5555, (short) 443, (byte) 6, (byte) 4));
        assertThat(announced).extracting(NewFlow::atNs).containsOnly(t0);
        assertThat(flowstats.lastNewFlow().get()).isEqualTo(announced.get(1));
        assertThat(flowstats.flowsTotal().get()).isEqualTo(2);
    }

    @Test
    void stopsTrackingNewFlowsBeyondTheLimitSetAtRunTime() {
        // Given a limit of one flow, written into .data.limits after the load
        assertThat(flowstats.maxFlows().get()).isEqualTo(1024);
        flowstats.maxFlows().set(1);

        // When two flows start
        flowstats.xdpFlowstats().run(XdpInput.of(tcp("192.0.2.1", 12345, 60, TcpFlag.SYN)));
        flowstats.xdpFlowstats().run(XdpInput.of(tcp("192.0.2.9", 5555, 60, TcpFlag.SYN)));

        // Then the second is counted as untracked
        assertThat(flowstats.flows().keys()).containsExactly(HTTPS);
        assertThat(flowstats.flowsTotal().get()).isEqualTo(1);
        assertThat(flowstats.untracked().get()).isEqualTo(1);
    }

    @Test
    void ignoresIpv6WhenTrackIpv6IsSwitchedOffBeforeLoad(@Loaded ObjectSpec spec) {
        // Given the object loaded with .rodata track_ipv6 = 0, as a libbpf skeleton sets it before load
        XdpFlowstats noIpv6 = XdpFlowstats.open(spec).trackIpv6((byte) 0).load();
        byte[] ipv6 = Packets.ethernet().ipv6().source("2001:db8::7").destination("2001:db8::10")
                .udp().sourcePort(5353).destinationPort(53).build();
        byte[] ipv4 = tcp("192.0.2.1", 12345, 60, TcpFlag.SYN);

        // When an IPv6 and an IPv4 packet pass
        noIpv6.xdpFlowstats().run(XdpInput.of(ipv6));
        noIpv6.xdpFlowstats().run(XdpInput.of(ipv4));
        flowstats.xdpFlowstats().run(XdpInput.of(ipv6));

        // Then only IPv4 is tracked there, both by default, and the global reads back as set
        assertThat(noIpv6.trackIpv6().get()).isZero();
        assertThat(noIpv6.flows().keys()).containsExactly(HTTPS);
        assertThat(noIpv6.flowsTotal().get()).isEqualTo(1);
        Map<FlowKey, FlowStats> byDefault = flowstats.flows().entries();
        assertThat(byDefault.keySet()).singleElement().extracting(FlowKey::family).isEqualTo((byte) 6);
    }
}
