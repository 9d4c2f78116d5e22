package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * skb_gso.c's programs against this machine's kernel, each on an IPv4 TCP and an IPv6 UDP frame with
 * a ctx_in that makes a GSO packet (gso_segs, gso_size), one that sets other fields, and a zero one:
 * return value, data_out and every byte of ctx_out are the kernel's. Before, the emulator gave
 * ctx_out's gso_size as 0 (the kernel echoes ctx_in's), kept gso_segs after bpf_skb_change_tail
 * (the kernel's skb_gso_reset clears it), and let bpf_skb_adjust_room, bpf_clone_redirect and
 * bpf_check_mtu treat the packet as an ordinary one.
 */
@Tag("kernel")
class SkbGsoKernelTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final List<String> PROGRAMS = List.of("trim_tail", "grow_tail", "same_tail", "room_grow", "room_grow_fixed", "room_shrink",
            "room_shrink_bad_flags", "clone_to_lo", "mtu_over", "mtu_segs", "proto_to_v6", "head_room");

    @BeforeAll
    static void kernelAvailable() {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
    }

    /** A struct __sk_buff for ctx_in with the fields test_run takes. */
    private static byte[] ctx(int mark, int priority, int ifindex, long tstamp, int wireLen, int gsoSegs, int gsoSize, long hwtstamp) {
        ByteBuffer c = ByteBuffer.allocate(192).order(ByteOrder.LITTLE_ENDIAN);
        c.putInt(8, mark).putInt(32, priority).putInt(36, ifindex).putInt(40, ifindex).putInt(48, 0x11).putInt(64, 0x55);
        c.putLong(152, tstamp).putInt(160, wireLen).putInt(164, gsoSegs).putInt(176, gsoSize).putLong(184, hwtstamp);
        return c.array();
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = SkbGsoKernelTest.class.getResourceAsStream("/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void gsoPacketsRunAsInTheKernel() throws Exception {
        byte[] object = resource("elf/skb_gso.o");
        byte[] syn = HEX.parseHex("02000000000202000000000108004500003c00014000400626b90a0000010a000002"
                + "9c400016000003e800000000a002faf0b68c0000020405b40402080a0001e2400000000001030307");
        byte[] udp6 = resource("linux/ipv6udp.bin");
        List<byte[]> contexts = List.of(ctx(42, 0, 0, 1_000_000, 1500, 3, 500, 777), ctx(0x1234, 7, 1, 0, 0, 0, 0, 0), new byte[192],
                ctx(0, 0, 0, 0, 0, 0, 1400, 0), ctx(0, 0, 0, 0, 0, 0, 0x10005, 0), ctx(0, 0, 0, 0, 0, 0, 0x10000, 0));
        try (KernelOracle kernel = KernelOracle.load(object, "skb_gso")) {
            for (String program : PROGRAMS) {
                for (byte[] packet : List.of(syn, udp6)) {
                    for (byte[] ctxIn : contexts) {
                        LoadedObject emulated = LoadedObject.load(ObjectSpec.parse("skb_gso.o", object));
                        KernelOracle.KernelRun expected = kernel.runWithContext(program, packet, ctxIn);
                        RunResult actual = emulated.run(program, SkbInput.fromTestRun(packet, ctxIn));
                        String what = program + " on " + packet.length + " bytes, ctx_in " + HEX.formatHex(ctxIn);

                        assertThat(expected.refusal()).as(what).isNull();
                        assertThat(actual.returnValue() & 0xffffffffL).as("return value of " + what).isEqualTo(expected.returnValue());
                        assertThat(HEX.formatHex(actual.packet())).as("data_out of " + what).isEqualTo(HEX.formatHex(expected.dataOut()));
                        assertThat(HEX.formatHex(actual.contextOut().orElseThrow())).as("ctx_out of " + what)
                                .isEqualTo(HEX.formatHex(expected.ctxOut()));
                    }
                }
            }
        }
    }
}
