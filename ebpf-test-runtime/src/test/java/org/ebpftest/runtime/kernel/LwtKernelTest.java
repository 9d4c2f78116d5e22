package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * lwt.c's lwt_in, lwt_out and lwt_xmit programs in this machine's kernel and in the emulator, on
 * the same frame: the return value and the packet after the run must be the same.
 */
@Tag("kernel")
class LwtKernelTest {
    private static byte[] object() throws IOException {
        try (InputStream in = LwtKernelTest.class.getResourceAsStream("/elf/lwt.o")) {
            return in.readAllBytes();
        }
    }

    @Test
    void lwtProgramsAnswerAsTheKernelDoes() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        byte[] frame = new byte[54];
        frame[12] = 0x08;
        byte[] ip = {0x45, 0, 0, 40, 0, 1, 0, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2};
        System.arraycopy(ip, 0, frame, 14, ip.length);
        for (int i = 0; i < 20; i++) {
            frame[34 + i] = (byte) (i * 5 + 1);
        }
        LoadedObject emulated = LoadedObject.load(ObjectSpec.parse("lwt.o", object()));
        try (KernelOracle kernel = KernelOracle.load(object(), "lwt")) {
            for (String program : new String[] {"lwt_in_ttl", "lwt_out_load", "lwt_xmit_push"}) {
                KernelOracle.KernelRun k = kernel.run(program, frame);
                RunResult e = emulated.run(program, SkbInput.of(frame));

                assertThat(e.retval() & 0xffffffffL).as(program).isEqualTo(k.returnValue());
                assertThat(HexFormat.of().formatHex(e.packet())).as(program).isEqualTo(HexFormat.of().formatHex(k.dataOut()));
            }
        }
    }
}
