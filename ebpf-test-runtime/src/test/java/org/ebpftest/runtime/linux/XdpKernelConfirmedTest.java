package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.stream.Stream;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.vm.Program;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * bpf_xdp_adjust_head, _tail and _meta at and beyond the kernel's limits, with the retval and
 * data_out the kernel gave: confirmed against the kernel with bpftool prog run (see
 * resources/linux/xdp_adj.c for the program and xdp_adj.expected for the observed results).
 */
class XdpKernelConfirmedTest {
    private static final Program XDP_ADJ = KernelFixtures.program("xdp_adj");

    static Stream<String> cases() {
        return KernelFixtures.cases("xdp_adj.expected").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void adjustHelpersMatchTheKernel(String line) {
        // given a frame whose byte 14 selects the helper and bytes 16..19 hold the delta
        String[] f = line.split("\\s+");
        int op = Integer.parseInt(f[0]);
        int delta = Integer.parseInt(f[1]);
        int length = Integer.parseInt(f[2]);
        byte[] frame = new byte[length];
        frame[14] = (byte) op;
        ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).putInt(16, delta);
        for (int i = 20; i < length; i++) {
            frame[i] = (byte) i;
        }

        // when the program runs as test_run runs it
        RunResult r = LinuxEmulator.builder().build().run(XDP_ADJ, ContextType.XDP, XdpInput.of(frame));

        // then retval and data_out are the kernel's
        assertThat(r.retval()).as("retval").isEqualTo(Integer.parseInt(f[4]));
        assertThat(KernelFixtures.hex(r.packet())).as("data_out").isEqualTo(f.length > 5 ? f[5] : "");
    }
}
