package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** xskmap.c in this machine's kernel and in the emulator: lookups in an empty xskmap, in range and past the end. */
@Tag("kernel")
class XskMapKernelTest {
    private static byte[] object() throws IOException {
        try (InputStream in = XskMapKernelTest.class.getResourceAsStream("/elf/xskmap.o")) {
            return in.readAllBytes();
        }
    }

    @Test
    void answersAsTheKernelDoes() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        LoadedObject emulated = LoadedObject.load(ObjectSpec.parse("xskmap.o", object()));
        try (KernelOracle kernel = KernelOracle.load(object(), "xskmap")) {
            for (int key : new int[] {0, 3, 4, 200}) {
                byte[] packet = new byte[64];
                packet[0] = (byte) key;
                assertThat((long) emulated.run("queue_of_slot", XdpInput.of(packet)).retval()).as("key %d", key)
                        .isEqualTo(kernel.run("queue_of_slot", packet).returnValue());
            }
        }
    }
}
