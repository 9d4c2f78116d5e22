package org.ebpftest.example;

import static org.ebpftest.assertions.EbpfAssertions.assertThat;

import org.ebpftest.junit.*;
import org.ebpftest.packet.Packets;
import org.junit.jupiter.api.Test;

@BpfObject("xdp_firewall.o")                       // src/main/bpf/xdp_firewall.c, compiled with clang
class FirstTest {
    @ObjectProgram BpfProgram firewall;

    @Test
    void httpsFromAnUnlistedSourcePasses() {
        byte[] frame = Packets.ethernet().ipv4().source("198.51.100.7").destination("10.0.0.1")
                .tcp().destinationPort(443).build();
        assertThat(firewall.run(frame)).returnsXdpPass().packetIsUnchanged(frame);
    }
}
