package org.ebpftest.example;

import static org.ebpftest.assertions.EbpfAssertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.ebpftest.example.bpf.XdpFirewall;
import org.ebpftest.example.bpf.XdpFirewall.LpmV4Key;
import org.ebpftest.packet.Packets;
import org.ebpftest.packet.TcpFlag;
import org.ebpftest.runtime.debug.CallFrame;
import org.ebpftest.runtime.debug.DebugSession;
import org.ebpftest.runtime.debug.Stop;
import org.ebpftest.runtime.debug.StopReason;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Test;

/**
 * The README's "Debugging from a test": why does the firewall drop this packet? Stop the run at
 * the blocklist lookup and look at the key it builds, then at the drop counter it bumps.
 */
class DebuggingTest {
    private final LoadedObject fw = LoadedObject.load(Path.of("src/main/bpf/xdp_firewall.o"));
    private final byte[] fromBlocked = Packets.ethernet().ipv4().source("192.0.2.7").destination("10.0.0.1")
            .tcp().destinationPort(22).flags(TcpFlag.SYN).build();

    @Test
    void stopsAtTheBlocklistLookupWithTheSourceAddressAsItsKey() {
        new XdpFirewall(fw).blocklistV4().put(new LpmV4Key(24, new byte[] {(byte) 192, 0, 2, 0}), 1);   // 192.0.2.0/24

        try (DebugSession s = DebugSession.start(fw, "xdp_firewall", XdpInput.of(fromBlocked))) {
            s.breakOnHelper("bpf_map_lookup_elem");
            Stop stop = s.resume();

            assertThat(stop.reason()).isEqualTo(StopReason.HELPER_CALL);
            assertThat(stop.line().orElseThrow().text()).contains("bpf_map_lookup_elem(&blocklist_v4, &key)");
            // r2 points at struct lpm_v4_key on the stack: prefix length 32, then the source address
            assertThat(s.readMemory(s.register(2), 8)).containsExactly(32, 0, 0, 0, 192, 0, 2, 7);
            List<CallFrame> frames = s.callStack();
            assertThat(frames).extracting(CallFrame::function).containsExactly("xdp_firewall");   // handle_ipv4 is inlined

            // The lookup found the source: the next line is drop()'s (inlined) counter lookup ...
            Stop next = s.stepLine();
            assertThat(next.line().orElseThrow().text()).contains("bpf_map_lookup_elem(&drop_counters, &reason)");
            // ... and at its call the key is the reason, DROP_BLOCKED_SOURCE (2)
            assertThat(s.resume().reason()).isEqualTo(StopReason.HELPER_CALL);
            assertThat(s.readMemory(s.register(2), 4)).containsExactly(2, 0, 0, 0);
            assertThat(s.runToEnd()).returnsXdpDrop();
        }
    }
}
