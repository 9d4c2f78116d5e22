package org.ebpftest.example;

import static org.ebpftest.assertions.EbpfAssertions.assertThat;

import java.nio.file.Path;
import org.ebpftest.packet.Packets;
import org.ebpftest.packet.TcpFlag;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Test;

/** The README's first look: load an object, pre-populate a map, run packets, check the verdicts and the counters. */
class FirewallFirstLookTest {

    @Test
    void dropsTcpFromABlockedNetworkAndCountsIt() {
        LoadedObject fw = LoadedObject.load(Path.of("src/main/bpf/xdp_firewall.o"));
        fw.map("blocklist_v4").put(new byte[] {24, 0, 0, 0, (byte) 192, 0, 2, 0}, new byte[] {1, 0, 0, 0});   // 192.0.2.0/24
        byte[] fromBlocked = Packets.ethernet().ipv4().source("192.0.2.7").destination("10.0.0.1")
                .tcp().destinationPort(22).flags(TcpFlag.SYN).build();
        byte[] fromElsewhere = Packets.ethernet().ipv4().source("198.51.100.7").destination("10.0.0.1")
                .tcp().destinationPort(22).flags(TcpFlag.SYN).build();

        RunResult blocked = fw.run("xdp_firewall", XdpInput.of(fromBlocked));
        RunResult passed = fw.run("xdp_firewall", XdpInput.of(fromElsewhere));

        assertThat(blocked).returnsXdpDrop();
        assertThat(passed).returnsXdpPass().packetIsUnchanged(fromElsewhere);
        assertThat(fw.value("drop_counters", new byte[] {2, 0, 0, 0}).orElseThrow().field("packets").asLong()).isEqualTo(1);
    }
}
