package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ebpftest.runtime.linux.buffers.ContextBytes;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.SkbLayout;
import org.ebpftest.runtime.linux.net.NetDevice;
import org.ebpftest.runtime.vm.TrapException;
import org.junit.jupiter.api.Test;

/**
 * A socket buffer test_run makes a GSO packet (gso_size set in ctx_in, no GSO type) and the helpers
 * that treat one differently, with skb_gso.o (resources/elf/skb_gso.c). The values are the kernel's,
 * from bpftool prog run on a 74-byte IPv4 TCP SYN with ctx_in gso_segs 3 and gso_size 500 and with
 * a zero ctx_in; SkbGsoKernelTest asks the kernel again where it can.
 */
class SkbGsoTest {
    /** A 74-byte Ethernet/IPv4/TCP SYN from 10.0.0.1:40000 to 10.0.0.2:22 (MSS, SACK, timestamps, window scale). */
    static final byte[] SYN = KernelFixtures.hex("02000000000202000000000108004500003c00014000400626b90a0000010a000002"
            + "9c400016000003e800000000a002faf0b68c0000020405b40402080a0001e2400000000001030307");

    /** Return values with gso_segs 3 and gso_size 500 in ctx_in, then with a zero ctx_in. */
    private static Map<String, long[]> expected() {
        Map<String, long[]> m = new LinkedHashMap<>();
        // (helper's -errno << 24) | (gso_segs << 16) | gso_size, read after the helper
        m.put("trim_tail", new long[] {0, 0});
        m.put("grow_tail", new long[] {0, 0});
        m.put("same_tail", new long[] {0, 0});
        m.put("proto_to_v6", new long[] {3 << 16 | 500, 0});
        m.put("head_room", new long[] {3 << 16 | 500, 0});
        // -errno
        m.put("room_grow", new long[] {524, 0});
        m.put("room_grow_fixed", new long[] {524, 0});
        m.put("room_shrink", new long[] {524, 0});
        m.put("room_shrink_bad_flags", new long[] {22, 22});
        m.put("clone_to_lo", new long[] {74, 0});
        // rc * 1000000 + mtu_len: loopback's MTU 65536, exceeded by 70000 bytes only without GSO
        m.put("mtu_over", new long[] {65536, 1065536});
        m.put("mtu_segs", new long[] {65536, 65536});
        return m;
    }

    private static SkbInput gso() {
        return SkbInput.of(SYN).withGso(0, 3, 500);
    }

    @Test
    void helpersAnswerAGsoPacketAsTheKernelDoes() throws Exception {
        LoadedObject object = LoadedObjectTest.load("skb_gso.o");
        for (Map.Entry<String, long[]> e : expected().entrySet()) {
            // when each program runs on the GSO packet and on the plain one
            long withGso = object.run(e.getKey(), gso()).returnValue();
            long without = object.run(e.getKey(), SkbInput.of(SYN)).returnValue();

            // then it answers as in the kernel
            assertThat(new long[] {withGso, without}).as(e.getKey()).containsExactly(e.getValue());
        }
    }

    @Test
    void changingTheTailEndsGsoButContextOutEchoesGsoSizeFromContextIn() throws Exception {
        LoadedObject object = LoadedObjectTest.load("skb_gso.o");

        // when bpf_skb_change_tail trims a GSO packet
        RunResult trimmed = object.run("trim_tail", gso());
        // and a program leaves another untouched
        RunResult kept = object.run("proto_to_v6", gso());

        // then skb_gso_reset left gso_segs 0, which ctx_out copies back, while ctx_out's gso_size is
        // ctx_in's (convert_skb_to___skb does not copy it back): 500 in both
        byte[] out = trimmed.contextOut().orElseThrow();
        assertThat(ContextBytes.u32(out, SkbLayout.GSO_SEGS)).isZero();
        assertThat(ContextBytes.u32(out, SkbLayout.GSO_SIZE)).isEqualTo(500);
        assertThat(trimmed.packet()).hasSize(SYN.length - 4);
        byte[] keptOut = kept.contextOut().orElseThrow();
        assertThat(ContextBytes.u32(keptOut, SkbLayout.GSO_SEGS)).isEqualTo(3);
        assertThat(ContextBytes.u32(keptOut, SkbLayout.GSO_SIZE)).isEqualTo(500);
    }

    @Test
    void gsoSizeKeepsSixteenBitsInTheSocketBufferAndAllThirtyTwoInContextOut() throws Exception {
        LoadedObject object = LoadedObjectTest.load("skb_gso.o");

        // when ctx_in's gso_size does not fit skb_shared_info's 16 bits
        RunResult fits = object.run("head_room", SkbInput.of(SYN).withGso(0, 0, 0x10005));
        RunResult vanishes = object.run("clone_to_lo", SkbInput.of(SYN).withGso(0, 0, 0x10000));

        // then the program reads the low half (5: still a GSO packet), 0x10000 is no GSO packet at
        // all (the clone goes out), and ctx_out gives back all 32 bits, as the kernel does
        assertThat(fits.returnValue()).isEqualTo(5);
        assertThat(ContextBytes.u32(fits.contextOut().orElseThrow(), SkbLayout.GSO_SIZE)).isEqualTo(0x10005);
        assertThat(vanishes.returnValue()).isZero();
    }

    @Test
    void checkMtuWithSegmentCheckOnALongGsoPacketFailsNamingTheHelper() throws Exception {
        // given a device with a small MTU and a GSO packet longer than it
        LoadedObject object = LoadedObjectTest.load("skb_gso.o");
        object.environment().addDevice(new NetDevice(7, "small0", new byte[] {2, 0, 0, 0, 0, 7}, 40, 1));

        // when a program asks bpf_check_mtu to check segments, whose sizes the emulator does not work out
        // then the run stops naming the helper instead of guessing the answer
        assertThatThrownBy(() -> object.run("mtu_segs", gso().withInterfaces(0, 7)))
                .isInstanceOf(TrapException.class).hasMessageContaining("BPF_MTU_CHK_SEGS");
    }
}
