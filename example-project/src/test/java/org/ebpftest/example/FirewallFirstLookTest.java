package org.ebpftest.example;

import static org.ebpftest.assertions.EbpfAssertions.assertThat;

import java.nio.file.Path;
import org.ebpftest.example.bpf.XdpFirewall;
import org.ebpftest.example.bpf.XdpFirewall.DropStats;
import org.ebpftest.example.bpf.XdpFirewall.LpmV4Key;
import org.ebpftest.packet.Packets;
import org.ebpftest.packet.TcpFlag;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Test;

/**
 * The README's first look, without the JUnit extension: load an object through its generated
 * skeleton, pre-populate a map with a record of its key struct, run packets, check the verdicts and
 * the per-CPU counters.
 */
class FirewallFirstLookTest {

    @Test
    void dropsTcpFromABlockedNetworkAndCountsIt() {
        XdpFirewall fw = XdpFirewall.load(Path.of("src/main/bpf/xdp_firewall.o"));
        fw.blocklistV4().put(new LpmV4Key(24, new byte[] {(byte) 192, 0, 2, 0}), 1);   // 192.0.2.0/24
        byte[] fromBlocked = Packets.ethernet().ipv4().source("192.0.2.7").destination("10.0.0.1")
                .tcp().destinationPort(22).flags(TcpFlag.SYN).build();
        byte[] fromElsewhere = Packets.ethernet().ipv4().source("198.51.100.7").destination("10.0.0.1")
                .tcp().destinationPort(22).flags(TcpFlag.SYN).build();

        RunResult blocked = fw.xdpFirewall().run(XdpInput.of(fromBlocked));
        RunResult passed = fw.xdpFirewall().run(XdpInput.of(fromElsewhere));

        assertThat(blocked).returnsXdpDrop();
        assertThat(passed).returnsXdpPass().packetIsUnchanged(fromElsewhere);
        assertThat(fw.dropCounters().getPerCpu(2).orElseThrow())   // drop reason 2, blocked source; one value per CPU
                .containsExactly(new DropStats(1, fromBlocked.length), new DropStats(0, 0), new DropStats(0, 0), new DropStats(0, 0));
    }
}
