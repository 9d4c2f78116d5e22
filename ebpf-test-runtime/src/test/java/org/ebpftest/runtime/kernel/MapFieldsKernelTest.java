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
 * map_fields.c in this machine's kernel and in the emulator: every field of struct bpf_map it reads
 * through a map pointer, relocated by CO-RE to the kernel's layout, and a poisoned read of a field
 * the kernel lacks in a branch CO-RE makes dead.
 */
@Tag("kernel")
class MapFieldsKernelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The slots of out read_fields fills. */
    private static final int SLOTS = 20;

    private static byte[] object() throws IOException {
        try (InputStream in = MapFieldsKernelTest.class.getResourceAsStream("/elf/map_fields.o")) {
            return in.readAllBytes();
        }
    }

    @Test
    void readsTheFieldsOfStructBpfMapAsTheKernelDoes() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        byte[] frame = new byte[60];
        frame[12] = 0x08;
        frame[14] = 0x45;
        // the verifier does not model map pointer reads yet; the kernel's verified the object
        LoadedObject emulated = LoadedObject.loader(ObjectSpec.parse("map_fields.o", object())).verify(false).load();
        try (KernelOracle kernel = KernelOracle.load(object(), "map_fields")) {
            for (String program : new String[] {"read_fields", "dead_field"}) {
                assertThat((long) emulated.run(program, SkbInput.of(frame)).retval()).as(program)
                        .isEqualTo(kernel.run(program, frame).returnValue());
            }
            JsonNode dump = JSON.readTree(kernel.dumpMap("out"));
            for (int slot = 0; slot < SLOTS; slot++) {
                byte[] key = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(slot).array();
                long mine = ByteBuffer.wrap(emulated.map("out").lookup(key).orElseThrow()).order(ByteOrder.LITTLE_ENDIAN).getLong();
                assertThat(mine).as("out[%d]", slot).isEqualTo(kernelValue(dump, slot));
            }
        }
    }

    private static long kernelValue(JsonNode dump, int slot) {
        for (JsonNode entry : dump) {
            JsonNode key = entry.get("key");
            if (Integer.parseInt(key.get(0).asText().substring(2), 16) == slot) {
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
