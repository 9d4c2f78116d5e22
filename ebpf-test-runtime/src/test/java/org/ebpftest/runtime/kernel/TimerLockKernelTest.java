package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * timer_lock.c: a value holding a spin lock and a timer updated in place with {@code BPF_F_LOCK}.
 * A hash element keeps its timer (htab_map_update_elem copies the value under the lock and frees
 * nothing), so initialising it again answers -EBUSY; an array element, and any plain update,
 * frees the timer, so the next init answers 0.
 */
class TimerLockKernelTest {
    private static final String[] PROGRAMS = {"hash_locked", "hash_plain", "array_locked", "array_plain"};
    private static final byte[] FRAME = new byte[64];

    private static byte[] object() throws IOException {
        try (InputStream in = TimerLockKernelTest.class.getResourceAsStream("/elf/timer_lock.o")) {
            return in.readAllBytes();
        }
    }

    @Test
    void aLockedUpdateOfAHashElementKeepsItsTimerAndEveryOtherUpdateFreesIt() throws IOException {
        // given the object
        LoadedObject object = LoadedObject.load(ObjectSpec.parse("timer_lock.o", object()));

        // when each program arms a timer, updates its value and initialises the timer again
        // then only the hash element updated with BPF_F_LOCK still has it (Linux 6.18: -16, 0, 0, 0)
        assertThat(object.run("hash_locked", SkbInput.of(FRAME)).retval()).isEqualTo(-16L);
        assertThat(object.run("hash_plain", SkbInput.of(FRAME)).retval()).isZero();
        assertThat(object.run("array_locked", SkbInput.of(FRAME)).retval()).isZero();
        assertThat(object.run("array_plain", SkbInput.of(FRAME)).retval()).isZero();
    }

    @Test
    @Tag("kernel")
    void answersAsTheKernelDoes() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        LoadedObject object = LoadedObject.load(ObjectSpec.parse("timer_lock.o", object()));
        try (KernelOracle kernel = KernelOracle.load(object(), "timer-lock")) {
            for (String program : PROGRAMS) {
                assertThat(object.run(program, SkbInput.of(FRAME)).retval() & 0xffffffffL).as(program).isEqualTo(kernel.run(program, FRAME).returnValue());
            }
        }
    }
}
