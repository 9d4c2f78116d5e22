package org.ebpftest.example;

import static org.ebpftest.assertions.EbpfAssertions.assertThat;
import static org.ebpftest.example.Net.ipv4;
import static org.ebpftest.example.Net.u16;
import static org.ebpftest.runtime.uapi.XdpAction.DROP;
import static org.ebpftest.runtime.uapi.XdpAction.PASS;

import java.net.Inet4Address;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.ebpftest.junit.BpfProgram;
import org.ebpftest.junit.Loaded;
import org.ebpftest.junit.ObjectMap;
import org.ebpftest.junit.ObjectProgram;
import org.ebpftest.packet.IpProtocol;
import org.ebpftest.packet.Packets;
import org.ebpftest.packet.TcpFlag;
import org.ebpftest.runtime.linux.LinuxEnvironment;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.MapCodec;
import org.ebpftest.runtime.linux.maps.TypedMap;
import org.ebpftest.runtime.snapshot.MapChanges;
import org.ebpftest.runtime.snapshot.MapSnapshot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The firewall ({@code xdp_firewall.c}) through the JUnit extension: every test gets a freshly
 * loaded object (named once, in {@link XdpFirewall}), its maps seen through records that mirror
 * the C structs.
 */
@XdpFirewall
class FirewallTest {
    /** {@code struct lpm_v4_key}: prefix length, then the address in network order. */
    record LpmV4Key(int prefixlen, Inet4Address addr) {
        static LpmV4Key of(String address, int prefixlen) {
            return new LpmV4Key(prefixlen, ipv4(address));
        }
    }

    /** {@code struct port_key}: the destination port in host order, the protocol, zero padding. */
    record PortKey(short port, byte protocol, byte pad) {
        static PortKey tcp(int port) {
            return new PortKey(u16(port), (byte) IpProtocol.TCP, (byte) 0);
        }

        static PortKey udp(int port) {
            return new PortKey(u16(port), (byte) IpProtocol.UDP, (byte) 0);
        }
    }

    /** {@code struct fw_config}. */
    record FwConfig(int enforcePorts) {}

    /** {@code struct drop_stats}, one per CPU and drop reason. */
    record DropStats(long packets, long bytes) {}

    /** {@code enum drop_reason}: the keys of {@code drop_counters}. */
    static final int MALFORMED = 0;
    static final int STACKED_VLAN = 1;
    static final int BLOCKED_SOURCE = 2;
    static final int PORT_NOT_ALLOWED = 3;

    private static final String SERVER = "198.51.100.10";
    private static final String SERVER_V6 = "2001:db8:1::10";

    @ObjectProgram("xdp_firewall") BpfProgram firewall;
    @ObjectMap("blocklist_v4") TypedMap<LpmV4Key, Integer> blocklistV4;
    @ObjectMap("blocklist_v6") BpfMap blocklistV6;
    @ObjectMap("allowed_ports") TypedMap<PortKey, Byte> allowedPorts;
    @ObjectMap("config") TypedMap<Integer, FwConfig> config;
    @ObjectMap("drop_counters") TypedMap<Integer, DropStats> dropCounters;
    @Loaded LoadedObject object;

    static byte[] tcpFrom(String source, int port) {
        return Packets.ethernet().ipv4().source(source).destination(SERVER)
                .tcp().sourcePort(40000).destinationPort(port).flags(TcpFlag.SYN).build();
    }

    static byte[] udpFrom(String source, int port) {
        return Packets.ethernet().ipv4().source(source).destination(SERVER)
                .udp().sourcePort(40000).destinationPort(port).payload("query").build();
    }

    /** The packets and bytes dropped for a reason, summed over every CPU. */
    DropStats dropped(int reason) {
        List<DropStats> perCpu = dropCounters.getPerCpu(reason).orElseThrow();
        return new DropStats(perCpu.stream().mapToLong(DropStats::packets).sum(), perCpu.stream().mapToLong(DropStats::bytes).sum());
    }

    @Test
    void passesTrafficUntouchedWhenNoRuleIsConfigured() {
        byte[] ssh = tcpFrom("192.0.2.7", 22);

        RunResult result = firewall.run(ssh);

        assertThat(result).returnsXdpPass().packetIsUnchanged(ssh);
        assertThat(object.map("drop_counters")).perCpuValues(0, MapCodec.int32(), MapCodec.record(DropStats.class))
                .containsOnly(new DropStats(0, 0));
    }

    @Test
    void staysWithinItsInstructionBudgetOnTheLongestPath() {
        // Every check on, nothing matching until the port lookup: the most work a packet can cause.
        blocklistV4.put(LpmV4Key.of("203.0.113.0", 24), 7);
        allowedPorts.put(PortKey.tcp(443), (byte) 1);
        config.put(0, new FwConfig(1));
        byte[] https = Packets.ethernet().vlan(10).ipv4().source("192.0.2.7").destination(SERVER)
                .tcp().destinationPort(443).flags(TcpFlag.SYN).build();

        assertThat(firewall.run(https)).returnsXdpPass().executedAtMost(120);
    }

    @Nested
    @DisplayName("blocklist")
    class Blocklist {

        @Test
        void dropsEverySourceInsideABlockedPrefixAndNothingOutsideIt() {
            blocklistV4.put(LpmV4Key.of("203.0.113.0", 24), 7);

            assertThat(firewall.run(tcpFrom("203.0.113.0", 80))).returnsXdpDrop();
            assertThat(firewall.run(tcpFrom("203.0.113.255", 80))).returnsXdpDrop();
            assertThat(firewall.run(tcpFrom("203.0.112.255", 80))).returnsXdpPass();
            assertThat(firewall.run(tcpFrom("203.0.114.0", 80))).returnsXdpPass();
            assertThat(dropped(BLOCKED_SOURCE).packets()).isEqualTo(2);
        }

        @Test
        void aHostRuleAndANetworkRuleBothBlock() {
            blocklistV4.put(LpmV4Key.of("10.0.0.0", 8), 1);
            blocklistV4.put(LpmV4Key.of("192.0.2.66", 32), 2);

            assertThat(firewall.run(tcpFrom("10.200.3.4", 443))).returnsXdpDrop();
            assertThat(firewall.run(tcpFrom("192.0.2.66", 443))).returnsXdpDrop();
            assertThat(firewall.run(tcpFrom("192.0.2.67", 443))).returnsXdpPass();
        }

        @Test
        void deletingARuleLetsTheNetworkBackIn() {
            LpmV4Key rule = LpmV4Key.of("203.0.113.0", 24);
            blocklistV4.put(rule, 7);
            assertThat(firewall.run(tcpFrom("203.0.113.9", 80))).returnsXdpDrop();

            blocklistV4.delete(rule);

            assertThat(firewall.run(tcpFrom("203.0.113.9", 80))).returnsXdpPass();
        }

        @Test
        void blocksIpv6SourcesByPrefix() {
            blocklistV6.put(Net.lpmV6Key("2001:db8:bad::", 48), new byte[] {9, 0, 0, 0});
            byte[] inside = Packets.ethernet().ipv6().source("2001:db8:bad:ffff::1").destination(SERVER_V6)
                    .tcp().destinationPort(443).flags(TcpFlag.SYN).build();
            byte[] neighbour = Packets.ethernet().ipv6().source("2001:db8:bae::1").destination(SERVER_V6)
                    .tcp().destinationPort(443).flags(TcpFlag.SYN).build();

            assertThat(firewall.run(inside)).returnsXdpDrop();
            assertThat(firewall.run(neighbour)).returnsXdpPass().packetIsUnchanged(neighbour);
            assertThat(dropped(BLOCKED_SOURCE)).isEqualTo(new DropStats(1, inside.length));
        }

        @Test
        void looksBehindOneVlanTag() {
            blocklistV4.put(LpmV4Key.of("203.0.113.0", 24), 7);
            byte[] tagged = Packets.ethernet().vlan(42).ipv4().source("203.0.113.5").destination(SERVER)
                    .udp().destinationPort(53).build();

            assertThat(firewall.run(tagged)).returnsXdpDrop();
            assertThat(dropped(BLOCKED_SOURCE).bytes()).as("frame bytes, tag included").isEqualTo(tagged.length);
        }

        @Test
        void blocksLaterFragmentsFromABlockedSource() {
            blocklistV4.put(LpmV4Key.of("203.0.113.0", 24), 7);
            byte[] laterFragment = Packets.ethernet().ipv4().source("203.0.113.5").destination(SERVER)
                    .dontFragment(false).fragmentOffset(185).protocol(IpProtocol.UDP).payload(new byte[64]).build();

            assertThat(firewall.run(laterFragment)).returnsXdpDrop();
        }

        @Test
        void isCheckedBeforeThePortAllowList() {
            config.put(0, new FwConfig(1));
            allowedPorts.put(PortKey.tcp(22), (byte) 1);
            blocklistV4.put(LpmV4Key.of("203.0.113.0", 24), 7);

            assertThat(firewall.run(tcpFrom("203.0.113.5", 22))).returnsXdpDrop();
            assertThat(dropped(BLOCKED_SOURCE).packets()).isEqualTo(1);
            assertThat(dropped(PORT_NOT_ALLOWED).packets()).isZero();
        }
    }

    @Nested
    @DisplayName("port allow-list")
    class PortAllowList {

        @BeforeEach
        void allowSshHttpsAndDns() {
            allowedPorts.put(PortKey.tcp(22), (byte) 1);
            allowedPorts.put(PortKey.tcp(443), (byte) 1);
            allowedPorts.put(PortKey.udp(53), (byte) 1);
            config.put(0, new FwConfig(1));
        }

        @Test
        void passesAllowedPortsAndDropsTheRest() {
            assertThat(firewall.run(tcpFrom("192.0.2.7", 22))).returnsXdpPass();
            assertThat(firewall.run(tcpFrom("192.0.2.7", 443))).returnsXdpPass();
            assertThat(firewall.run(udpFrom("192.0.2.7", 53))).returnsXdpPass();

            byte[] telnet = tcpFrom("192.0.2.7", 23);
            assertThat(firewall.run(telnet)).returnsXdpDrop();
            assertThat(dropped(PORT_NOT_ALLOWED)).isEqualTo(new DropStats(1, telnet.length));
        }

        @Test
        void theProtocolIsPartOfTheRule() {
            assertThat(firewall.run(udpFrom("192.0.2.7", 22))).as("UDP to the TCP-only port 22").returnsXdpDrop();
            assertThat(firewall.run(tcpFrom("192.0.2.7", 53))).as("TCP to the UDP-only port 53").returnsXdpDrop();
        }

        @Test
        void appliesToIpv6TooButNotBehindExtensionHeaders() {
            byte[] https = Packets.ethernet().ipv6().source("2001:db8::7").destination(SERVER_V6)
                    .tcp().destinationPort(443).flags(TcpFlag.SYN).build();
            byte[] proxy = Packets.ethernet().ipv6().source("2001:db8::7").destination(SERVER_V6)
                    .tcp().destinationPort(8080).flags(TcpFlag.SYN).build();
            byte[] proxyBehindHopByHop = Packets.ethernet().ipv6().source("2001:db8::7").destination(SERVER_V6)
                    .hopByHop().tcp().destinationPort(8080).flags(TcpFlag.SYN).build();

            assertThat(firewall.run(https)).returnsXdpPass();
            assertThat(firewall.run(proxy)).returnsXdpDrop();
            assertThat(firewall.run(proxyBehindHopByHop)).as("extension headers are not walked").returnsXdpPass();
        }

        @Test
        void icmpHasNoPortsAndPasses() {
            byte[] ping = Packets.ethernet().ipv4().source("192.0.2.7").destination(SERVER).icmp().echoRequest(1, 1).build();

            assertThat(firewall.run(ping)).returnsXdpPass();
        }

        @Test
        void judgesTheFirstFragmentAndPassesLaterOnes() {
            byte[] firstFragment = Packets.ethernet().ipv4().source("192.0.2.7").destination(SERVER).moreFragments(true)
                    .udp().destinationPort(5060).payload(new byte[64]).build();
            byte[] laterFragment = Packets.ethernet().ipv4().source("192.0.2.7").destination(SERVER).dontFragment(false).fragmentOffset(9)
                    .protocol(IpProtocol.UDP).payload(new byte[64]).build();

            assertThat(firewall.run(firstFragment)).returnsXdpDrop();
            assertThat(firewall.run(laterFragment)).as("no ports to judge in a later fragment").returnsXdpPass();
        }

        @Test
        void aTruncatedTcpHeaderIsMalformedWhileEnforcing() {
            byte[] truncated = Packets.ethernet().ipv4().source("192.0.2.7").destination(SERVER)
                    .protocol(IpProtocol.TCP).payload(new byte[10]).build();

            assertThat(firewall.run(truncated)).returnsXdpDrop();
            assertThat(dropped(MALFORMED).packets()).isEqualTo(1);
        }

        @Test
        void switchedOffTheListIsIgnored() {
            config.put(0, new FwConfig(0));
            byte[] truncated = Packets.ethernet().ipv4().source("192.0.2.7").destination(SERVER)
                    .protocol(IpProtocol.TCP).payload(new byte[10]).build();

            assertThat(firewall.run(tcpFrom("192.0.2.7", 23))).returnsXdpPass();
            assertThat(firewall.run(truncated)).as("nothing reads the TCP header").returnsXdpPass();
        }
    }

    @Nested
    @DisplayName("frames that are not plain IP")
    class OddFrames {

        @Test
        void dropsStackedVlanTagsTheIpChecksCouldNotSeeThrough() {
            byte[] qinq = Packets.ethernet().qinq(100, 200).ipv4().source("192.0.2.7").destination(SERVER)
                    .tcp().destinationPort(80).build();

            assertThat(firewall.run(qinq)).returnsXdpDrop();
            assertThat(dropped(STACKED_VLAN)).isEqualTo(new DropStats(1, qinq.length));
        }

        @Test
        void passesArpAndOtherEtherTypesUntouched() {
            byte[] arp = Packets.ethernet().destination("ff:ff:ff:ff:ff:ff").arp().request()
                    .senderIp("192.0.2.7").targetIp(SERVER).build();
            byte[] lldp = Packets.ethernet().destination("01:80:c2:00:00:0e").etherType(0x88cc).payload(new byte[46]).build();

            assertThat(firewall.run(arp)).returnsXdpPass().packetIsUnchanged(arp);
            assertThat(firewall.run(lldp)).returnsXdpPass().packetIsUnchanged(lldp);
        }

        @Test
        void dropsATruncatedIpv4HeaderAsMalformed() {
            byte[] frame = tcpFrom("192.0.2.7", 22);
            byte[] cut = Arrays.copyOf(frame, 14 + 12);

            assertThat(firewall.run(cut)).returnsXdpDrop();
            assertThat(dropped(MALFORMED)).isEqualTo(new DropStats(1, cut.length));
        }
    }

    @Nested
    @DisplayName("drop counters")
    class DropCounters {

        @BeforeEach
        void blockTestNet3() {
            blocklistV4.put(LpmV4Key.of("203.0.113.0", 24), 7);
        }

        @Test
        void countOnTheCpuThatRanTheProgram(@Loaded LinuxEnvironment environment) {
            byte[] blocked = tcpFrom("203.0.113.5", 80);
            environment.setCpu(2);

            firewall.run(blocked);
            firewall.run(blocked);

            assertThat(object.map("drop_counters")).perCpuValues(BLOCKED_SOURCE, MapCodec.int32(), MapCodec.record(DropStats.class))
                    .containsExactly(new DropStats(0, 0), new DropStats(0, 0), new DropStats(2, 2L * blocked.length), new DropStats(0, 0));
        }

        @Test
        void countEachDropOfABatchOnTheCpuThatRanIt() {
            byte[] blocked = tcpFrom("203.0.113.5", 80);
            byte[] allowed = tcpFrom("192.0.2.7", 80);
            List<XdpInput> frames = Stream.of(blocked, allowed, blocked, blocked, blocked, allowed).map(XdpInput::of).toList();

            // four virtual CPUs run in parallel; frame i runs on CPU i % 4
            List<RunResult> results = firewall.runBatch(frames);

            assertThat(results).extracting(RunResult::returnValue)
                    .containsExactly(DROP.value(), PASS.value(), DROP.value(), DROP.value(), DROP.value(), PASS.value());
            assertThat(object.map("drop_counters")).perCpuValues(BLOCKED_SOURCE, MapCodec.int32(), MapCodec.record(DropStats.class))
                    .extracting(DropStats::packets).containsExactly(2L, 0L, 1L, 1L);
        }

        @Test
        void addUpPacketsAndFrameBytesPerReason() {
            byte[] small = tcpFrom("203.0.113.5", 80);
            byte[] large = Packets.ethernet().ipv4().source("203.0.113.6").destination(SERVER)
                    .udp().destinationPort(514).payload(new byte[400]).build();

            firewall.run(small);
            firewall.run(large);

            assertThat(dropped(BLOCKED_SOURCE)).isEqualTo(new DropStats(2, small.length + large.length));
        }

        @Test
        void aDropTouchesOnlyItsOwnReason() {
            MapSnapshot before = MapSnapshot.of(object.map("drop_counters"));

            byte[] blocked = tcpFrom("203.0.113.5", 80);
            firewall.run(blocked);

            byte[] blockedKey = MapCodec.int32().encode(BLOCKED_SOURCE);
            assertThat(object.map("drop_counters"), object).changedSince(before)
                    .changed(BLOCKED_SOURCE, MapCodec.int32())
                    .unchangedExcept(blockedKey);
            MapChanges.Change change = MapChanges.since(before).of(blockedKey).orElseThrow();
            assertThat(change.kind()).isEqualTo(MapChanges.Kind.CHANGED);
            assertThat(MapCodec.record(DropStats.class).decode(change.after().get(0))).isEqualTo(new DropStats(1, blocked.length));
        }

        @Test
        void passingTrafficCountsNothing() {
            MapSnapshot before = MapSnapshot.of(object.map("drop_counters"));

            firewall.run(tcpFrom("192.0.2.7", 80));

            assertThat(object.map("drop_counters")).changedSince(before).hasNoChanges();
        }
    }
}
