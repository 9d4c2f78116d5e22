package org.ebpftest.example;

import static org.ebpftest.assertions.EbpfAssertions.assertThat;
import static org.ebpftest.example.Net.dotted;
import static org.ebpftest.example.Net.ipv4;
import static org.ebpftest.example.Net.u16;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.ebpftest.assertions.EbpfSoftAssertions;
import org.ebpftest.example.bpf.XdpLb;
import org.ebpftest.example.bpf.XdpLb.Backend;
import org.ebpftest.example.bpf.XdpLb.BackendStats;
import org.ebpftest.example.bpf.XdpLb.LbConfig;
import org.ebpftest.example.bpf.XdpLb.Service;
import org.ebpftest.example.bpf.XdpLb.VipKey;
import org.ebpftest.junit.BpfObject;
import org.ebpftest.junit.BpfProgram;
import org.ebpftest.junit.Loaded;
import org.ebpftest.junit.ObjectProgram;
import org.ebpftest.packet.EtherType;
import org.ebpftest.packet.Ethernet;
import org.ebpftest.packet.IpProtocol;
import org.ebpftest.packet.Ipv4;
import org.ebpftest.packet.MacAddress;
import org.ebpftest.packet.Packet;
import org.ebpftest.packet.Packets;
import org.ebpftest.packet.Tcp;
import org.ebpftest.packet.TcpFlag;
import org.ebpftest.runtime.linux.LinuxEnvironment;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.helpers.HelperId;
import org.ebpftest.runtime.linux.helpers.LinuxHelper;
import org.ebpftest.runtime.linux.maps.MapCodec;
import org.ebpftest.runtime.snapshot.MapSnapshot;
import org.ebpftest.runtime.uapi.ReturnCodes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The layer-4 load balancer ({@code xdp_lb.c}): which backend a flow reaches, what the IP-in-IP
 * encapsulation looks like on the wire, what it leaves to the kernel, and the one failure only a
 * mocked helper can produce.
 */
@BpfObject("xdp_lb.o")
class LoadBalancerTest {
    /** {@code struct vip_key}: the address and port of a service, its padding zero. */
    static VipKey vip(String addr, int port, int protocol) {
        return new VipKey(ipv4(addr), u16(port), (byte) protocol, (byte) 0);
    }

    static final String VIP = "198.51.100.80";
    static final String TUNNEL_SOURCE = "10.0.0.100";
    static final String ROUTER_MAC = "02:00:00:00:00:fe";
    static final int WEB = 1;          // service id of VIP:443/TCP
    static final int DNS = 2;          // service id of VIP:53/UDP
    static final int RING_SIZE = 16;

    @ObjectProgram("xdp_lb") BpfProgram lb;
    XdpLb balancer;   // the generated skeleton: its maps typed with the records of xdp_lb.c's structs

    /** Backend id to its address and MAC: 10.1.0.id, 02:00:00:00:01:id. */
    static Backend backend(int id) {
        return new Backend(ipv4("10.1.0." + id), MacAddress.of(String.format("02:00:00:00:01:%02x", id)).bytes(), (short) 0);
    }

    @BeforeEach
    void configureTwoServices() {
        balancer.config().put(0, new LbConfig(ipv4(TUNNEL_SOURCE)));
        balancer.services().put(vip(VIP, 443, IpProtocol.TCP), new Service(WEB));
        balancer.services().put(vip(VIP, 53, IpProtocol.UDP), new Service(DNS));
        for (int id = 1; id < 16; id++) {
            balancer.backends().put(id, backend(id));
        }
        // The web ring cycles through backends 1 to 4, the DNS ring holds only backend 9.
        for (int slot = 0; slot < RING_SIZE; slot++) {
            balancer.rings().put(WEB * RING_SIZE + slot, 1 + slot % 4);
            balancer.rings().put(DNS * RING_SIZE + slot, 9);
        }
    }

    static byte[] tcpToVip(String client, int clientPort, int vipPort) {
        return Packets.ethernet().source("02:00:00:00:00:01").destination(ROUTER_MAC)
                .ipv4().source(client).destination(VIP).dscp(10)
                .tcp().sourcePort(clientPort).destinationPort(vipPort).flags(TcpFlag.SYN).mss(1460)
                .build();
    }

    /**
     * The backend {@code xdp_lb.c} picks: its flow hash (word-wise FNV-1a over the header words as
     * loaded, little-endian, then a multiply-xorshift finaliser) selects a slot of the service's ring.
     */
    int expectedBackend(byte[] frame, int serviceId) {
        Packet packet = Packet.parse(frame);
        Ipv4 ip = packet.layer(Ipv4.class);
        int l4 = ip.offset() + ip.headerLength();
        int hash = 0x811c9dc5;
        hash = (hash ^ le32(frame, ip.offset() + 12)) * 0x01000193;
        hash = (hash ^ le32(frame, ip.offset() + 16)) * 0x01000193;
        hash = (hash ^ le32(frame, l4)) * 0x01000193;
        hash = (hash ^ ip.protocol()) * 0x01000193;
        hash ^= hash >>> 16;
        hash *= 0x85ebca6b;
        hash ^= hash >>> 13;
        return balancer.rings().get(serviceId * RING_SIZE + (hash & (RING_SIZE - 1))).orElseThrow();
    }

    private static int le32(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    @Nested
    @DisplayName("to a backend")
    class Balancing {

        @Test
        void encapsulatesTheFrameInIpInIpTowardsTheBackendOfItsRingSlot() {
            byte[] syn = tcpToVip("192.0.2.7", 40000, 443);
            Backend chosen = backend(expectedBackend(syn, WEB));

            RunResult result = lb.run(syn);

            EbpfSoftAssertions.assertSoftly(softly -> {
                softly.assertThat(result, ReturnCodes.XDP).returnsXdpTx();
                softly.assertThat(result, ReturnCodes.XDP).packet()
                        .hasLayers(Ethernet.class, Ipv4.class, Ipv4.class, Tcp.class)
                        .hasLength(syn.length + 20)
                        .ethernet().hasDestination(MacAddress.of(chosen.mac())).hasSource(ROUTER_MAC).hasEtherType(EtherType.IPV4)
                        .and().ipv4(0)
                                .hasSource(TUNNEL_SOURCE).hasDestination(dotted(chosen.addr()))
                                .hasProtocol(IpProtocol.IPIP).hasTtl(64).hasTotalLength(syn.length - 14 + 20)
                                .hasIdentification(0).hasDontFragment(false).hasDscp(10).hasValidChecksum()
                        .and().ipv4(1).hasSource("192.0.2.7").hasDestination(VIP).hasValidChecksum()
                        .and().tcp().hasDestinationPort(443).hasFlags(TcpFlag.SYN).hasMss(1460).hasValidChecksum();
            });
        }

        @Test
        void leavesTheInnerDatagramByteForByteAsItCame() {
            byte[] syn = tcpToVip("192.0.2.7", 40000, 443);

            byte[] out = lb.run(syn).packet();

            assertThat(Arrays.copyOfRange(out, 14 + 20, out.length)).isEqualTo(Arrays.copyOfRange(syn, 14, syn.length));
        }

        @Test
        void sendsEveryFlowWhereTheFlowHashSaysAndSpreadsThemOverTheRing() {
            Set<String> reached = new HashSet<>();
            for (int port = 40000; port < 40064; port++) {
                byte[] syn = tcpToVip("192.0.2.7", port, 443);
                Backend expected = backend(expectedBackend(syn, WEB));

                RunResult result = lb.run(syn);

                assertThat(result, ReturnCodes.XDP).as("client port %d", port)
                        .packet().ipv4(0).hasDestination(dotted(expected.addr()));
                reached.add(dotted(expected.addr()));
            }
            assertThat(reached).containsExactlyInAnyOrder("10.1.0.1", "10.1.0.2", "10.1.0.3", "10.1.0.4");
        }

        @Test
        void keepsAFlowOnItsBackendPacketAfterPacket() {
            byte[] first = tcpToVip("192.0.2.7", 41000, 443);
            byte[] next = Packets.ethernet().source("02:00:00:00:00:01").destination(ROUTER_MAC)
                    .ipv4().source("192.0.2.7").destination(VIP)
                    .tcp().sourcePort(41000).destinationPort(443).flags(TcpFlag.ACK).payload("GET / HTTP/1.1\r\n\r\n").build();

            Packet a = Packet.parse(lb.run(first).packet());
            Packet b = Packet.parse(lb.run(next).packet());

            assertThat(b.layer(Ipv4.class, 0).destination()).isEqualTo(a.layer(Ipv4.class, 0).destination());
        }

        @Test
        void balancesUdpServicesToo() {
            byte[] query = Packets.ethernet().destination(ROUTER_MAC).ipv4().source("192.0.2.7").destination(VIP)
                    .udp().sourcePort(5353).destinationPort(53).payload("query").build();

            RunResult result = lb.run(query);

            assertThat(result, ReturnCodes.XDP).returnsXdpTx()
                    .packet().ipv4(0).hasDestination("10.1.0.9")
                    .and().udp().hasDestinationPort(53).hasValidChecksum();
        }

        @Test
        void countsPacketsAndOriginalFrameBytesPerBackend() {
            byte[] syn = tcpToVip("192.0.2.7", 40000, 443);
            int chosen = expectedBackend(syn, WEB);

            lb.run(syn);
            lb.run(syn);

            assertThat(balancer.stats().map()).perCpuValues(chosen, MapCodec.int32(), BackendStats.CODEC)
                    .first().isEqualTo(new BackendStats(2, 2L * syn.length));
            assertThat(balancer.stats().getPerCpu(chosen == 1 ? 2 : 1).orElseThrow()).containsOnly(new BackendStats(0, 0));
        }

        @Test
        void dropsWhatAServiceWithAnEmptyRingSlotCannotServe() {
            byte[] syn = tcpToVip("192.0.2.7", 40000, 443);
            for (int slot = 0; slot < RING_SIZE; slot++) {
                balancer.rings().put(WEB * RING_SIZE + slot, 0);
            }

            assertThat(lb.run(syn)).returnsXdpDrop();
        }
    }

    @Nested
    @DisplayName("left to the kernel")
    class NotBalanced {

        @Test
        void passesTrafficToOtherPortsAndProtocolsOfTheVip() {
            byte[] http = tcpToVip("192.0.2.7", 40000, 80);
            byte[] tcpToDnsPort = tcpToVip("192.0.2.7", 40000, 53);
            byte[] ping = Packets.ethernet().destination(ROUTER_MAC).ipv4().source("192.0.2.7").destination(VIP)
                    .icmp().echoRequest(7, 1).build();

            assertThat(lb.run(http)).returnsXdpPass().packetIsUnchanged(http);
            assertThat(lb.run(tcpToDnsPort)).returnsXdpPass().packetIsUnchanged(tcpToDnsPort);
            assertThat(lb.run(ping)).returnsXdpPass().packetIsUnchanged(ping);
        }

        @Test
        void passesIpv6AndVlanTaggedFrames() {
            byte[] v6 = Packets.ethernet().destination(ROUTER_MAC).ipv6().source("2001:db8::7").destination("2001:db8::80")
                    .tcp().destinationPort(443).build();
            byte[] tagged = Packets.ethernet().destination(ROUTER_MAC).vlan(10).ipv4().source("192.0.2.7").destination(VIP)
                    .tcp().destinationPort(443).build();

            assertThat(lb.run(v6)).returnsXdpPass().packetIsUnchanged(v6);
            assertThat(lb.run(tagged)).returnsXdpPass().packetIsUnchanged(tagged);
        }

        @Test
        void passesFragmentsWhichCouldNotFollowTheirFlow() {
            byte[] firstFragment = Packets.ethernet().destination(ROUTER_MAC).ipv4().source("192.0.2.7").destination(VIP)
                    .dontFragment(false).moreFragments(true).tcp().destinationPort(443).payload(new byte[64]).build();

            assertThat(lb.run(firstFragment)).returnsXdpPass().packetIsUnchanged(firstFragment);
        }

        @Test
        void passesATransportHeaderTooShortToHoldBothPorts() {
            byte[] cut = Packets.ethernet().destination(ROUTER_MAC).ipv4().source("192.0.2.7").destination(VIP)
                    .protocol(IpProtocol.TCP).payload(new byte[3]).build();

            assertThat(lb.run(cut)).returnsXdpPass();
        }
    }

    @Test
    void abortsAndCountsNothingWhenTheHeadroomCannotGrow(@Loaded LinuxEnvironment environment) {
        // test_run always leaves 256 bytes of headroom, so only a mocked helper reaches this branch.
        environment.override(HelperId.XDP_ADJUST_HEAD, LinuxHelper.failing(22));   // EINVAL
        byte[] syn = tcpToVip("192.0.2.7", 40000, 443);
        MapSnapshot before = MapSnapshot.of(balancer.stats().map());

        RunResult result = lb.run(syn);

        assertThat(result).returnsXdpAborted().calledHelperTimes("bpf_xdp_adjust_head", 1).packetIsUnchanged(syn);
        assertThat((int) result.helperCalls("bpf_xdp_adjust_head").get(0).arg(2)).as("delta").isEqualTo(-20);
        assertThat(balancer.stats().map()).changedSince(before).hasNoChanges();
    }
}
