package org.ebpftest.runtime.linux.helpers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LinuxEnvironment;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.TaskInfo;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.vm.TrapException;
import org.junit.jupiter.api.Test;

/**
 * bpf_get_current_task and bpf_get_current_task_btf in an XDP program (current_task.c): the
 * environment's task as a struct task_struct at Linux 6.18's offsets, read through probe reads
 * and direct loads; other members trap naming themselves.
 */
class CurrentTaskTest {
    private static LoadedObject load(TaskInfo task) throws IOException {
        try (InputStream in = CurrentTaskTest.class.getResourceAsStream("/elf/current_task.o")) {
            return LoadedObject.load(ObjectSpec.parse("current_task.o", in.readAllBytes()), new LinuxEnvironment().setTask(task));
        }
    }

    private static long run(LoadedObject object, String program) {
        return object.run(program, XdpInput.of(new byte[64])).retval();
    }

    @Test
    void probeReadsAndDirectLoadsSeeTheEnvironmentsTask() throws IOException {
        // given: a single-threaded bpftool, as the kernel's test run sees it
        LoadedObject object = load(new TaskInfo(0x3e16, 0x3e16, 0, 0, "bpftool"));

        // when / then: pid == tgid, pid > 0, comm "bpftool", reads succeeded, 8 bytes with the NUL
        assertThat(run(object, "task_probe")).isEqualTo(0x80f);
        assertThat(run(object, "task_btf")).isEqualTo(0x7);
        assertThat(run(object, "task_ids")).isEqualTo(0x3e163e16L);
    }

    @Test
    void aThreadOtherThanTheLeaderHasAPidOtherThanItsTgid() throws IOException {
        LoadedObject object = load(new TaskInfo(101, 100, 0, 0, "worker"));

        assertThat(run(object, "task_ids")).isEqualTo(100 << 16 | 101);
        assertThat(run(object, "task_probe")).isEqualTo(0x70a);
        assertThat(run(object, "task_btf")).isEqualTo(0x2);
    }

    @Test
    void aChangedTaskIsSeenByTheNextRun() throws IOException {
        LoadedObject object = load(new TaskInfo(7, 7, 0, 0, "a"));
        run(object, "task_ids");

        object.environment().setTask(new TaskInfo(9, 8, 0, 0, "b"));

        assertThat(run(object, "task_ids")).isEqualTo(8 << 16 | 9);
    }

    @Test
    void readingAMemberTheEmulatorDoesNotModelTrapsNamingIt() throws IOException {
        LoadedObject object = load(TaskInfo.DEFAULT);

        assertThatThrownBy(() -> run(object, "task_flags")).isInstanceOf(TrapException.class)
                .hasMessageContaining("bpf_probe_read_kernel: load of 4 bytes at offset 44 of struct task_struct (flags)")
                .hasMessageContaining("models only pid, tgid and comm");
    }

    @Test
    void memberNamesComeFromLinuxSixEighteensLayout() {
        assertThat(CurrentTask.memberAt(CurrentTask.PID)).isEqualTo("pid");
        assertThat(CurrentTask.memberAt(CurrentTask.COMM + 3)).isEqualTo("comm + 3");
        assertThat(CurrentTask.access(CurrentTask.PID, 4, true)).contains("lets no program write");
    }
}
