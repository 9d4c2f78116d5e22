package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.ebpftest.runtime.isa.AluOp;
import org.ebpftest.runtime.isa.Assembler;
import org.ebpftest.runtime.isa.Register;
import org.ebpftest.runtime.isa.Size;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.net.TunnelInfo;
import org.ebpftest.runtime.vm.Program;
import org.junit.jupiter.api.Test;

/**
 * The tunnel-option, packet and redirect helpers of helpers_net.o, each result as the program
 * recorded it. Every expected value is what Linux 6.18 returned for the same program and packet
 * (bpftool prog run; ObjectKernelComparisonTest repeats the comparison live where it can).
 */
class PacketHelpersTest {
    private static final byte[] TCP = HexFormat.of().parseHex("0200000000020200000000010800"
            + "4500003c1c4640004006b1e60a0000010a000063"
            + "303900500000000100000000a0027210a0d40000020405b40402080a0000000000000000" + "00".repeat(20));

    private static Map<Integer, Long> results(LoadedObject o) {
        Map<Integer, Long> out = new TreeMap<>();
        o.map("results").entries().forEach(e -> {
            long v = ByteBuffer.wrap(e.values().get(0)).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (v != 0) {
                out.put(ByteBuffer.wrap(e.key()).order(ByteOrder.LITTLE_ENDIAN).getInt(), v);
            }
        });
        return out;
    }

    @Test
    void tunnelOptionsFollowTheKernelsRules() throws IOException {
        // given helpers_net.o's tunnel_opts program
        LoadedObject net = LoadedObjectTest.load("helpers_net.o");

        // when it runs once on a tc packet
        RunResult r = net.run("tunnel_opts", SkbInput.of(TCP).withoutContext());

        // then (slots not listed are 0):
        Map<Integer, Long> got = results(net);
        assertThat(got).containsEntry(0, -2L);         // get_opt without tunnel metadata: -ENOENT
        assertThat(got).containsEntry(2, -22L);        // set_opt before set_tunnel_key: -EINVAL
        assertThat(got).containsEntry(4, -2L);         // get_opt after a key without options: -ENOENT
        assertThat(got).containsEntry(5, -22L);        // set_opt of 6 bytes (not a multiple of 4): -EINVAL
        assertThat(got).containsEntry(6, -12L);        // set_opt of 256 bytes (over 255): -ENOMEM
        assertThat(got).containsEntry(8, -12L);        // get_opt into 4 bytes of 8 set: -ENOMEM, buffer zeroed (slot 9 is 0)
        assertThat(got).containsEntry(10, 8L);         // get_opt into 16 bytes: the length, the options, zeros after
        assertThat(got).containsEntry(11, 0x0506070801020304L);
        assertThat(got).containsEntry(14, 1528L);      // tunnel_flags: CSUM|KEY and NOCACHE plus every option-present bit, big-endian
        assertThat(got).containsEntry(16, 4L);         // a 4-byte set_opt replaces the options
        assertThat(got).containsEntry(18, -12L);       // 252 bytes of options do not fit 16
        assertThat(got).containsEntry(20, -2L);        // a new key drops the options
        assertThat(got).containsEntry(22, 2081L);      // NOCACHE|DONT_FRAGMENT|SEQ, no CSUM (ZERO_CSUM_TX), no KEY (NO_TUNNEL_KEY)
        assertThat(got.keySet()).doesNotContain(1, 3, 7, 9, 12, 13, 15, 17, 19, 21, 23, 24);

        // and the run reports the metadata the packet leaves with
        TunnelInfo tunnel = r.tunnel().orElseThrow();
        assertThat(tunnel.tunnelId()).isEqualTo(7);
        assertThat(tunnel.remote()).containsExactly(10, 0, 0, 3);
        assertThat(tunnel.ttl()).isEqualTo(9);
        assertThat(tunnel.options()).containsExactly(4, 3, 2, 1, 8, 7, 6, 5);
        assertThat(tunnel.flags()).isEqualTo(TunnelInfo.NOCACHE | TunnelInfo.CSUM | TunnelInfo.KEY | TunnelInfo.OPTIONS_PRESENT);
    }

    @Test
    void receivedTunnelOptionsAreReadFromTheEnvironment() {
        // given a packet received with Geneve options and a program reading them into 8 bytes
        LinuxEmulator linux = LinuxEmulator.builder().build();
        linux.environment().setTunnel(new TunnelInfo(5, new byte[] {10, 0, 0, 9}, new byte[] {10, 0, 0, 1}, 0, 64, 0, new byte[] {1, 2, 3, 4}));
        Program program = Program.of("get_opt", new Assembler()
                .mov64(Register.R2, Register.R10)
                .add64(Register.R2, -8)
                .mov64(Register.R3, 8).call(29)
                .load(Size.DW, Register.R1, Register.R10, -8)
                .alu64(AluOp.LSH, Register.R0, 32)
                .alu64(AluOp.OR, Register.R0, Register.R1)
                .exit().build());

        // when it runs
        RunResult r = linux.run(program, ContextType.SCHED_CLS, SkbInput.of(TCP));

        // then it got 4 bytes of options, zero-filled after them, and set no metadata of its own
        assertThat(r.returnValue()).isEqualTo(4L << 32 | 0x04030201L);
        assertThat(r.tunnel()).isEmpty();
    }

    @Test
    void packetRedirectAndChecksumHelpersReturnWhatTheKernelReturns() throws IOException {
        LoadedObject net = LoadedObjectTest.load("helpers_net.o");

        RunResult tc = net.run("skb_more", SkbInput.of(TCP).withoutContext());
        RunResult xdp = net.run("xdp_more", XdpInput.of(TCP));

        Map<Integer, Long> got = results(net);
        assertThat(got).containsEntry(31, 2L);             // load_bytes_relative from the MAC header: 02 00 00 00
        assertThat(got).containsEntry(33, 0x3c000045L);    // ... from the network header: 45 00 00 3c
        assertThat(got).containsEntry(34, -14L);           // an unknown start header: -EFAULT
        assertThat(got).containsEntry(35, -14L);           // past the packet: -EFAULT
        assertThat(got).containsEntry(37, 3L);             // change_type to PACKET_OTHERHOST
        assertThat(got).containsEntry(38, -22L);           // change_type to 4: -EINVAL
        assertThat(got).containsEntry(40, -12L);           // pull_data past the end: -ENOMEM
        assertThat(got).containsEntry(41, -524L);          // csum_update on a CHECKSUM_NONE buffer: -ENOTSUPP
        assertThat(got).containsEntry(43, -22L);           // clone_redirect to no device: -EINVAL
        assertThat(got).containsEntry(44, -22L);           // clone_redirect with an unknown flag: -EINVAL
        assertThat(got).containsEntry(45, 2L);             // redirect_neigh with flags: TC_ACT_SHOT
        assertThat(got).containsEntry(46, 2L);             // redirect_peer with flags: TC_ACT_SHOT
        assertThat(got).containsEntry(47, 2L);             // redirect with an unknown flag: TC_ACT_SHOT
        assertThat(got).containsEntry(48, 7L);             // redirect_peer: TC_ACT_REDIRECT
        assertThat(got).containsEntry(49, 7L);             // redirect_neigh: TC_ACT_REDIRECT
        assertThat(got).containsEntry(50, 90L);            // xdp_get_buff_len
        assertThat(got).containsEntry(52, 0x0800L);        // xdp_load_bytes: the ethertype
        assertThat(got).containsEntry(53, -22L);           // xdp_load_bytes past the end: -EINVAL
        assertThat(got).containsEntry(55, -22L);           // xdp_store_bytes past the end: -EINVAL
        assertThat(got).containsEntry(57, 65536L);         // check_mtu: loopback's MTU
        assertThat(got).containsEntry(58, 1L);             // check_mtu 70000 bytes more: FRAG_NEEDED
        assertThat(got).containsEntry(59, -22L);           // check_mtu with a flag from XDP: -EINVAL
        assertThat(got.keySet()).doesNotContain(30, 32, 36, 39, 42, 51, 54, 56, 60);  // 0: success, classid 0, XDP_ABORTED
        // the last redirect wins, and xdp_store_bytes wrote ab cd at offset 6
        assertThat(tc.retval()).isEqualTo(7);
        assertThat(tc.redirect()).hasValueSatisfying(t -> assertThat(t.ifindex()).isEqualTo(5));
        assertThat(xdp.retval()).isEqualTo(4);
        assertThat(xdp.packet()[6]).isEqualTo((byte) 0xab);
        assertThat(xdp.packet()[7]).isEqualTo((byte) 0xcd);
    }
}
