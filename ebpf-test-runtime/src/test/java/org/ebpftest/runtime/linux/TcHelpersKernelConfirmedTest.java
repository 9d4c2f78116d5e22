package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.ebpftest.runtime.linux.buffers.ContextBytes;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.SkbLayout;
import org.ebpftest.runtime.vm.Program;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checksum, store, resize, VLAN and protocol helpers of tc programs, case by case against
 * what the kernel returned: confirmed against the kernel with bpftool prog run (program in
 * resources/linux/tc_ops.c, results in tc_ops.expected: retval, data_out and cb[2..4] of ctx_out,
 * which the program fills with protocol, vlan_present and vlan_tci).
 */
class TcHelpersKernelConfirmedTest {
    private static final Program TC_OPS = KernelFixtures.program("tc_ops");

    static Stream<String> cases() {
        return KernelFixtures.cases("tc_ops.expected").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void helperResultsMatchTheKernel(String line) {
        // given the packet and cb[0..4] = op and its four arguments
        String[] f = line.split("\\s+");
        byte[] packet = KernelFixtures.bytes(f[0] + ".bin");
        int[] cb = new int[5];
        for (int i = 0; i < 5; i++) {
            cb[i] = (int) Long.decode(f[1 + i]).longValue();
        }

        // when the tc program runs with that control block
        RunResult r = LinuxEmulator.builder().build().run(TC_OPS, ContextType.SCHED_CLS, SkbInput.of(packet).withCb(cb));

        // then retval, data_out and the reported skb fields are the kernel's
        assertThat(r.retval()).as("retval").isEqualTo(Integer.parseInt(f[7]));
        assertThat(KernelFixtures.hex(r.packet())).as("data_out").isEqualTo(f[8]);
        byte[] ctxOut = r.contextOut().orElseThrow();
        assertThat(ContextBytes.u32(ctxOut, SkbLayout.CB + 8)).as("protocol").isEqualTo(Integer.decode(f[9]));
        assertThat(ContextBytes.u32(ctxOut, SkbLayout.CB + 12)).as("vlan_present").isEqualTo(Integer.parseInt(f[10]));
        assertThat(ContextBytes.u32(ctxOut, SkbLayout.CB + 16)).as("vlan_tci").isEqualTo(Integer.parseInt(f[11]));
    }

    @ParameterizedTest(name = "op {0}, length {1} -> {2}")
    @org.junit.jupiter.params.provider.CsvSource({"4, 16064, 0", "4, 16065, -22", "9, 15864, 0", "9, 15865, -22"})
    void packetsGrowToSkbMaxAllocAndNoFurther(int op, int argument, int expected) {
        // given a 200-byte packet; confirmed against the kernel with bpftool prog run: change_tail and
        // change_head stop at SKB_MAX_ALLOC (16064 bytes), whatever the device MTU
        byte[] packet = KernelFixtures.bytes("ipv4tcp.bin");

        // when the program grows it to the given length (change_tail) or by the given room (change_head)
        RunResult r = LinuxEmulator.builder().build().run(TC_OPS, ContextType.SCHED_CLS, SkbInput.of(packet).withCb(op, argument, 0, 0, 0));

        // then the kernel's limit holds
        assertThat(r.retval()).isEqualTo(expected);
        assertThat(r.packet()).hasSize(expected == 0 ? 16064 : 200);
    }
}
