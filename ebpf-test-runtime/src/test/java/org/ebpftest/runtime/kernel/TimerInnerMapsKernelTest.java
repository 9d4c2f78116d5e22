package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.RawInput;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.verifier.VerifierException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Timers and work queues in the values of inner maps (timer_inner.c, timer_inner_mismatch.c,
 * timer_inner_direct.c, timer_inner_tracing.c, wq_inner.c) in this machine's kernel and in the
 * emulator. The programs of timer_inner.c
 * run one after the other on one load with the maps pinned; after each, the helpers' answers must
 * be the same. The kernel's timers get real time (200 ms, later 400 ms), the emulator's clock 1 s.
 * Then both take inner_b out of outer_arr (its pin, or the loaded object, still holds it: its timer
 * fires) and let go of inner_a while outer_arr still holds it (removing the pin, once bpftool is
 * gone the only user reference; closeMap here): its timer is freed and a new init answers -EPERM.
 * TimerInnerMapsTest pins the kernel's answers for machines without a kernel.
 */
@Tag("kernel")
class TimerInnerMapsKernelTest {
    private static final byte[] FRAME = new byte[64];
    /** -ENOMEM as a little-endian 64-bit slot of out[], in hex: the kernel could not allocate a timer. */
    private static final String ENOMEM = "f4ffffffffffffff";

    private static byte[] object(String name) throws IOException {
        try (InputStream in = TimerInnerMapsKernelTest.class.getResourceAsStream("/elf/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void timerOfOneInnerMapInitialisedWithAnotherIsRefusedByBothWithTheKernelsMessage() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        for (String name : new String[] {"timer_inner_mismatch.o", "timer_inner_direct.o", "timer_inner_tracing.o"}) {
            KernelOracle.Verdict kernel = KernelOracle.verify(object(name), name.replace(".o", "").replace('_', '-'));

            Throwable here = catchThrowable(() -> LoadedObject.load(ObjectSpec.parse(name, object(name))));

            assertThat(kernel.loaded()).as("%s loaded by the kernel", name).isFalse();
            assertThat(here).as("%s refused here", name).isInstanceOf(VerifierException.class);
            String reason = ((VerifierException) here).kernelMessage();
            assertThat(reason).as("%s: the reason", name).startsWith("timer pointer in R1 map_uid=");
            assertThat(kernel.verifierLog()).as("%s: the kernel's log has this verifier's reason", name).contains(reason);
        }
    }

    @Test
    void timersInInnerMapsFireAndAreFreedAsInTheKernel() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        LoadedObject emulated = LoadedObject.load(ObjectSpec.parse("timer_inner.o", object("timer_inner.o")));
        try (KernelOracle kernel = KernelOracle.load(object("timer_inner.o"), "timer-inner")) {
            for (String program : new String[] {"arm_inner", "arm_array", "ping_pong"}) {
                compareRun(kernel, emulated, program);
            }
            Thread.sleep(200);
            emulated.environment().clock().advanceNs(1_000_000_000L);
            for (String map : new String[] {"inner_a", "inner_b", "inner_arr"}) {
                assertThat(TimersKernelTest.emulatedMap(emulated, map)).as("%s after the timers fired", map)
                        .isEqualTo(TimersKernelTest.kernelMap(kernel, map));
            }
            compareRun(kernel, emulated, "free_inner");
            compareRun(kernel, emulated, "rearm");

            byte[] one = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(1).array();
            kernel.deleteMapElement("outer_arr", one);
            emulated.map("outer_arr").delete(one);
            kernel.unpinMap("inner_a");
            emulated.closeMap("inner_a");
            compareRun(kernel, emulated, "rearm");
            Thread.sleep(400);
            emulated.environment().clock().advanceNs(1_000_000_000L);

            compareRun(kernel, emulated, "report");
            assertThat(TimersKernelTest.emulatedMap(emulated, "inner_b")).as("inner_b, out of outer_arr, after its timer fired")
                    .isEqualTo(TimersKernelTest.kernelMap(kernel, "inner_b"));
        }
    }

    @Test
    void workQueueInAnInnerMapRunsItsCallbackWithItsMapAndKeyAsInTheKernel() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        LoadedObject emulated = LoadedObject.load(ObjectSpec.parse("wq_inner.o", object("wq_inner.o")));
        try (KernelOracle kernel = KernelOracle.load(object("wq_inner.o"), "wq-inner")) {
            for (int run = 0; run < 2; run++) {
                KernelOracle.KernelRun k = kernel.runContextOnly("start_inner_work", new byte[0]);
                long e = emulated.run("start_inner_work", new RawInput(new byte[0])).retval() & 0xffffffffL;
                Thread.sleep(100);

                assertThat(e).as("run %d: return value", run).isEqualTo(k.returnValue());
                assertThat(TimersKernelTest.emulatedMap(emulated, "inner_works")).as("run %d: inner_works", run)
                        .isEqualTo(TimersKernelTest.kernelMap(kernel, "inner_works"));
            }
        }
    }

    /** Runs a program in both; the return value and out[] must be the same. */
    private static void compareRun(KernelOracle kernel, LoadedObject emulated, String program) throws Exception {
        KernelOracle.KernelRun k = kernel.run(program, FRAME);
        long e = emulated.run(program, SkbInput.of(FRAME)).retval() & 0xffffffffL;
        Map<String, String> kernelOut = TimersKernelTest.kernelMap(kernel, "out");
        String slots = kernelOut.values().iterator().next();
        for (int i = 0; i + 16 <= slots.length(); i += 16) {
            // under memory pressure the kernel's allocation of a timer can fail: nothing to compare then
            assumeTrue(!slots.startsWith(ENOMEM, i), () -> program + ": the kernel could not allocate a timer (-ENOMEM)");
        }

        assertThat(e).as("%s: return value", program).isEqualTo(k.returnValue());
        assertThat(TimersKernelTest.emulatedMap(emulated, "out")).as("%s: out[]", program).isEqualTo(kernelOut);
    }
}
