package org.ebpftest.runtime.linux.helpers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LinuxEnvironment;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Test;

/**
 * Per-CPU objects of bpf_percpu_obj_new (percpu_obj.c): a copy per CPU of the environment, reached
 * through bpf_this_cpu_ptr on the CPU a run is on and bpf_per_cpu_ptr for any CPU, stashed in a
 * map value's __percpu_kptr field and freed when dropped. PercpuObjectsKernelTest compares the
 * CPU-independent answers with the kernel's.
 */
class PercpuObjectsTest {
    private static LoadedObject load(int cpus) throws IOException {
        try (InputStream in = PercpuObjectsTest.class.getResourceAsStream("/elf/percpu_obj.o")) {
            return LoadedObject.load(ObjectSpec.parse("percpu_obj.o", in.readAllBytes()), new LinuxEnvironment().setCpus(cpus));
        }
    }

    private static long run(LoadedObject object, String program, int value) {
        byte[] packet = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
        return object.run(program, XdpInput.of(packet)).retval();
    }

    @Test
    void eachCpuCountsInItsOwnCopyAndPerCpuPtrReadsAnyOfThem() throws IOException {
        // given: four CPUs and a stashed object
        LoadedObject object = load(4);
        assertThat(run(object, "pc_init", 0)).isEqualTo(1);

        // when: CPU 1 adds 5, CPU 3 adds 7
        object.environment().setCpu(1);
        long first = run(object, "pc_add", 5);
        object.environment().setCpu(3);
        long second = run(object, "pc_add", 7);

        // then: sums over the four copies, and each CPU's own count
        assertThat(first).isEqualTo(5 << 8 | 4);
        assertThat(second).isEqualTo(12 << 8 | 4);
        assertThat(run(object, "pc_read", 0)).isZero();
        assertThat(run(object, "pc_read", 1)).isEqualTo(5);
        assertThat(run(object, "pc_read", 3)).isEqualTo(7);
    }

    @Test
    void perCpuPtrAnswersNullForACpuBeyondTheEnvironments() throws IOException {
        LoadedObject object = load(2);
        run(object, "pc_init", 0);

        assertThat((int) run(object, "pc_read", 2)).isEqualTo(-1);
        assertThat((int) run(object, "pc_read", -1)).isEqualTo(-1);
    }

    @Test
    void replacingAndDroppingTheStashedObjectFreesIt() throws IOException {
        // given
        LoadedObject object = load(2);
        run(object, "pc_init", 0);
        run(object, "pc_add", 9);

        // when: a second object replaces the first, which the program drops
        long replaced = run(object, "pc_init", 0);

        // then: one object is live, and the new one starts from zero (pc_init zeroes every copy)
        assertThat(replaced).isEqualTo(2);
        assertThat(object.allocatedObjects().live()).isEqualTo(1);
        assertThat(run(object, "pc_add", 1)).isEqualTo(1 << 8 | 2);
        assertThat(run(object, "pc_drop", 0)).isEqualTo(1);
        assertThat(object.allocatedObjects().live()).isZero();
        assertThat(run(object, "pc_drop", 0)).isZero();
        assertThat(run(object, "pc_add", 1)).isZero();
    }

    @Test
    void anObjectStashedInAMapValueIsFreedWhenUserSpaceOverwritesTheValue() throws IOException {
        // given
        LoadedObject object = load(2);
        run(object, "pc_init", 0);

        // when: user space writes the element, which empties its kptr field as copy_map_value does
        object.map("stash").update(new byte[4], new byte[8], 0);

        // then
        assertThat(object.allocatedObjects().live()).isZero();
        assertThat(run(object, "pc_add", 1)).isZero();
    }
}
