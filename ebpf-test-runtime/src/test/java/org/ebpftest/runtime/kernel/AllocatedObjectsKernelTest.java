package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.vm.TrapException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * alloc_objects.c in this machine's kernel and in the emulator: the programs run one after the
 * other on one load (so objects stashed by one run are seen by the next), and after each the
 * return value, out[0..15], the stash and the rb tree's shape must be the same. alloc_wq_callback.c, which the kernel refuses,
 * traps here with the kernel's reason. AllocatedObjectsTest pins the kernel's answers for machines
 * without a kernel.
 */
@Tag("kernel")
class AllocatedObjectsKernelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] FRAME = new byte[64];

    private static byte[] object(String name) throws IOException {
        try (InputStream in = AllocatedObjectsKernelTest.class.getResourceAsStream("/elf/" + name)) {
            return in.readAllBytes();
        }
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
    void allocatedObjectsAnswerAsTheKernelDoes() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        String[] runs = {"list_order", "tree_order", "tree_shape", "refcount_and_stash", "unstash", "unstash", "work_queue", "stash_in_hash",
                "stash_in_hash"};
        LoadedObject emulated = LoadedObject.load(ObjectSpec.parse("alloc_objects.o", object("alloc_objects.o")));
        try (KernelOracle kernel = KernelOracle.load(object("alloc_objects.o"), "alloc-objects")) {
            for (int i = 0; i < runs.length; i++) {
                String what = "run " + i + " (" + runs[i] + ")";
                KernelOracle.KernelRun k = kernel.run(runs[i], FRAME);
                long e = emulated.run(runs[i], SkbInput.of(FRAME)).retval() & 0xffffffffL;

                assertThat(e).as("%s: return value", what).isEqualTo(k.returnValue());
                for (String map : new String[] {"out", "stashed", "shape"}) {
                    assertThat(HexFormat.of().formatHex(emulated.map(map).lookup(new byte[4]).orElseThrow())).as("%s: %s", what, map)
                            .isEqualTo(HexFormat.of().formatHex(kernelValue(kernel, map)));
                }
            }
        }
    }

    @Test
    void workQueueCallbackInATcProgramIsRefusedByBoth() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        KernelOracle.Verdict kernel = KernelOracle.verify(object("alloc_wq_callback.o"), "alloc-wq-callback");
        LoadedObject emulated = LoadedObject.load(ObjectSpec.parse("alloc_wq_callback.o", object("alloc_wq_callback.o")));

        TrapException trap = catchThrowableOfType(TrapException.class, () -> emulated.run("set_callback", SkbInput.of(FRAME)));

        assertThat(kernel.loaded()).isFalse();
        assertThat(kernel.verifierLog()).contains("sleepable callback in a program that is not sleepable");
        assertThat(trap.getMessage()).contains("sleepable callback in a program that is not sleepable");
    }
}
