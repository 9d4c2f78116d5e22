package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * dynptr.c in this machine's kernel and in the emulator: for each program, the return value, the
 * packet after the run and everything the program recorded of the dynptr kfuncs and helpers
 * (out[0..31]) and left in the memory dynptr's map value must be the same. DynptrTest pins the
 * kernel's answers for machines without a kernel.
 */
@Tag("kernel")
class DynptrKernelTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static byte[] object() throws IOException {
        try (InputStream in = DynptrKernelTest.class.getResourceAsStream("/elf/dynptr.o")) {
            return in.readAllBytes();
        }
    }

    /** An IPv4 frame of {@code length} bytes whose other bytes count up, so that every offset reads differently. */
    static byte[] frame(int length) {
        byte[] f = new byte[length];
        for (int i = 0; i < length; i++) {
            f[i] = (byte) (i * 7 + 3);
        }
        f[12] = 0x08;
        f[13] = 0x00;
        return f;
    }

    private static byte[] kernelValue(KernelOracle kernel, String map) throws Exception {
        JsonNode value = JSON.readTree(kernel.dumpMap(map)).get(0).get("value");
        byte[] out = new byte[value.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(value.get(i).asText().substring(2), 16);
        }
        return out;
    }

    @Test
    void dynptrsAnswerAsTheKernelDoes() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        String[][] runs = {{"dynptr_tc", "60"}, {"dynptr_xdp", "4000"}, {"dynptr_xdp", "60"}, {"dynptr_mem", "60"}};
        for (String[] r : runs) {
            String program = r[0];
            byte[] frame = frame(Integer.parseInt(r[1]));
            try (KernelOracle kernel = KernelOracle.load(object(), "dynptr")) {
                KernelOracle.KernelRun k = kernel.run(program, frame);
                LoadedObject emulated = LoadedObject.load(ObjectSpec.parse("dynptr.o", object()));
                RunResult e = program.equals("dynptr_xdp") ? emulated.run(program, XdpInput.of(frame))
                        : emulated.run(program, SkbInput.of(frame));
                String what = program + " on " + frame.length + " bytes";

                assertThat(e.retval() & 0xffffffffL).as("%s: verdict", what).isEqualTo(k.returnValue());
                assertThat(HexFormat.of().formatHex(e.packet())).as("%s: packet", what).isEqualTo(HexFormat.of().formatHex(k.dataOut()));
                for (String map : new String[] {"out", "mem"}) {
                    assertThat(HexFormat.of().formatHex(emulated.map(map).lookup(new byte[4]).orElseThrow())).as("%s: map %s", what, map)
                            .isEqualTo(HexFormat.of().formatHex(kernelValue(kernel, map)));
                }
            }
        }
    }
}
