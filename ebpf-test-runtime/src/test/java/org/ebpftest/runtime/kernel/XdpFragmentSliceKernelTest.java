package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * xdp_frag_slice.c against this machine's kernel: dynptr slices at offsets across a 9014-byte frame
 * (in the linear part, across its end, inside each fragment, across two fragments), with a buffer
 * and without, as bare runs and with a ctx_in whose data_end leaves 100 bytes linear. Before, a
 * slice inside a fragment trapped, as the emulator did not map fragments into the VM's memory.
 */
@Tag("kernel")
class XdpFragmentSliceKernelTest {
    private static final HexFormat HEX = HexFormat.of();

    @BeforeAll
    static void kernelAvailable() {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
    }

    private static byte[] frame(int offset) {
        byte[] b = new byte[9014];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 7 + 3);
        }
        b[12] = 8;
        b[13] = 0;
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(14, offset);
        return b;
    }

    @Test
    void slicesOfAMultiBufferFrameReadWhatTheKernelReads() throws Exception {
        byte[] object;
        try (InputStream in = XdpFragmentSliceKernelTest.class.getResourceAsStream("/elf/xdp_frag_slice.o")) {
            object = in.readAllBytes();
        }
        LoadedObject emulated = LoadedObject.load(ObjectSpec.parse("xdp_frag_slice.o", object));
        byte[] lin100 = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 100).array();
        try (KernelOracle kernel = KernelOracle.load(object, "xdp_frag_slice")) {
            for (String program : new String[] {"slice_read", "slice_no_buffer"}) {
                for (int offset : new int[] {20, 96, 3512, 3516, 3520, 4000, 7610, 7616, 8000, 9000, 9006}) {
                    for (byte[] ctx : new byte[][] {null, lin100}) {
                        byte[] packet = frame(offset);
                        String what = program + " at " + offset + (ctx == null ? "" : " with 100 linear bytes");
                        KernelOracle.KernelRun expected = ctx == null ? kernel.run(program, packet) : kernel.runWithContext(program, packet, ctx);
                        RunResult actual = emulated.run(program, XdpInput.fromTestRun(packet, ctx));

                        assertThat(expected.refusal()).as(what).isNull();
                        assertThat(actual.returnValue() & 0xffffffffL).as(what).isEqualTo(expected.returnValue());
                        assertThat(HEX.formatHex(actual.packet())).as(what).isEqualTo(HEX.formatHex(expected.dataOut()));
                    }
                }
            }
        }
    }
}
