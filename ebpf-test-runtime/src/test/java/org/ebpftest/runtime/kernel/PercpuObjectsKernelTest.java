package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LinuxEnvironment;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * percpu_obj.c against the kernel: a per-CPU object allocated, stashed in a map value, counted
 * through bpf_this_cpu_ptr and summed over every CPU through bpf_per_cpu_ptr (NULL past the
 * possible CPUs), replaced and dropped. The emulator gets the machine's possible CPUs; answers
 * that name a CPU's own copy are left out, since the kernel runs on whichever CPU bpftool is on.
 */
@Tag("kernel")
class PercpuObjectsKernelTest {

    private static byte[] object() throws IOException {
        try (InputStream in = PercpuObjectsKernelTest.class.getResourceAsStream("/elf/percpu_obj.o")) {
            return in.readAllBytes();
        }
    }

    /** The number of possible CPUs, from the last of /sys/devices/system/cpu/possible ("0-1"). */
    private static int possibleCpus() throws IOException {
        String possible = Files.readString(Path.of("/sys/devices/system/cpu/possible")).trim();
        String last = possible.substring(Math.max(possible.lastIndexOf('-'), possible.lastIndexOf(',')) + 1);
        return Integer.parseInt(last) + 1;
    }

    private record Step(String program, int value) {
        byte[] packet() {
            return ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
        }
    }

    @Test
    void countsSummedOverTheCpusReplacingAndDroppingAnswerAsTheKernel() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(), () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        List<Step> steps = List.of(new Step("pc_add", 5), new Step("pc_init", 0), new Step("pc_add", 5), new Step("pc_add", 7),
                new Step("pc_read", possibleCpus()), new Step("pc_read", 1 << 20), new Step("pc_init", 0), new Step("pc_add", 1),
                new Step("pc_drop", 0), new Step("pc_drop", 0), new Step("pc_add", 1), new Step("pc_read", 0));
        LoadedObject emulated = LoadedObject.load(ObjectSpec.parse("percpu_obj.o", object()), new LinuxEnvironment().setCpus(possibleCpus()));
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        try (KernelOracle kernel = KernelOracle.load(object(), "percpu-obj")) {
            for (Step s : steps) {
                long mine = emulated.run(s.program(), XdpInput.of(s.packet())).retval() & 0xffffffffL;
                actual.add(s + " -> 0x" + Long.toHexString(mine));
                expected.add(s + " -> 0x" + Long.toHexString(kernel.run(s.program(), s.packet()).returnValue()));
            }
        }
        assertThat(actual).isEqualTo(expected);
    }
}
