package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * sk_storage.c in this machine's kernel and in the emulator: socket storage on the socket test_run
 * attaches to each packet ({@code skb->sk}), that socket's fields, and what get and delete answer.
 */
@Tag("kernel")
class SkStorageKernelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The slots of out lifecycle and sk_fields fill. */
    private static final int SLOTS = 21;

    private static byte[] object() throws IOException {
        try (InputStream in = SkStorageKernelTest.class.getResourceAsStream("/elf/sk_storage.o")) {
            return in.readAllBytes();
        }
    }

    @Test
    void socketStorageAndTestRunsSocketAreTheKernels() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        byte[] frame = new byte[60];
        frame[12] = 0x08;
        frame[14] = 0x45;
        frame[23] = 6;
        frame[26] = 10;
        frame[29] = 1;
        frame[30] = 10;
        frame[33] = 2;
        LoadedObject emulated = LoadedObject.load(ObjectSpec.parse("sk_storage.o", object()));
        try (KernelOracle kernel = KernelOracle.load(object(), "sk_storage")) {
            for (String program : new String[] {"count", "count", "count_cg", "count_cg", "lifecycle", "sk_fields"}) {
                assertThat((long) emulated.run(program, SkbInput.of(frame)).retval()).as(program)
                        .isEqualTo(kernel.run(program, frame).returnValue());
            }
            JsonNode dump = JSON.readTree(kernel.dumpMap("out"));
            for (int slot = 0; slot < SLOTS; slot++) {
                byte[] key = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(slot).array();
                long mine = ByteBuffer.wrap(emulated.map("out").lookup(key).orElseThrow()).order(ByteOrder.LITTLE_ENDIAN).getLong();
                assertThat(mine).as("out[%d]", slot).isEqualTo(kernelValue(dump, slot));
            }
            assertThat(kernel.dumpMap("store").replaceAll("\\s", "")).as("user space sees no storage of test_run's sockets").isEqualTo("[]");
        }
    }

    private static long kernelValue(JsonNode dump, int slot) {
        for (JsonNode entry : dump) {
            if (Integer.parseInt(entry.get("key").get(0).asText().substring(2), 16) == slot) {
                JsonNode value = entry.get("value");
                long v = 0;
                for (int i = 7; i >= 0; i--) {
                    v = v << 8 | Integer.parseInt(value.get(i).asText().substring(2), 16);
                }
                return v;
            }
        }
        throw new AssertionError("no slot " + slot + " in " + dump);
    }
}
