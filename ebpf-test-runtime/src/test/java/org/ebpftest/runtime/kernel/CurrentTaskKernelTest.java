package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LinuxEnvironment;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.TaskInfo;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * current_task.c against the kernel: in BPF_PROG_TEST_RUN the current task is bpftool (one thread,
 * so pid equals tgid), read at Linux 6.18's task_struct offsets through bpf_get_current_task with
 * probe reads and through bpf_get_current_task_btf with direct loads. The emulator runs as such a
 * task; the pid itself differs run to run and is not compared.
 */
@Tag("kernel")
class CurrentTaskKernelTest {

    private static byte[] object() throws IOException {
        try (InputStream in = CurrentTaskKernelTest.class.getResourceAsStream("/elf/current_task.o")) {
            return in.readAllBytes();
        }
    }

    @Test
    void probeReadsAndDirectLoadsOfTheTestRunsTaskAnswerAsTheKernel() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(), () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        LoadedObject emulated = LoadedObject.load(ObjectSpec.parse("current_task.o", object()),
                new LinuxEnvironment().setTask(new TaskInfo(4321, 4321, 0, 0, "bpftool")));
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        byte[] packet = new byte[64];
        try (KernelOracle kernel = KernelOracle.load(object(), "current-task")) {
            for (String program : List.of("task_probe", "task_btf")) {
                actual.add(program + " -> 0x" + Long.toHexString(emulated.run(program, XdpInput.of(packet)).retval() & 0xffffffffL));
                expected.add(program + " -> 0x" + Long.toHexString(kernel.run(program, packet).returnValue()));
            }
        }
        assertThat(actual).isEqualTo(expected);
    }
}
