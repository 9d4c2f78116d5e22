package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.RawInput;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.verifier.VerifierException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * timers.c and wq_syscall.c in this machine's kernel and in the emulator. The timer programs run
 * one after the other on one load (maps pinned, so user space holds them as the kernel requires of
 * timers); after each, the helpers' return values must be the same. Then the kernel's timers get
 * 200 ms of real time and the emulator's clock is advanced by 1 s: every element of both timer
 * maps (fire counts, keys the callbacks saw, what cancelling their own timer answered) must be the
 * same. The work queue program's callback must have run once the run returned in both.
 * AsyncCallbacksTest pins the kernel's answers for machines without a kernel.
 */
@Tag("kernel")
class TimersKernelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] FRAME = new byte[64];
    /** -ENOMEM as a little-endian 64-bit slot of out[], in hex. */
    private static final String ENOMEM = "f4ffffffffffffff";

    private static byte[] object(String name) throws IOException {
        try (InputStream in = TimersKernelTest.class.getResourceAsStream("/elf/" + name)) {
            return in.readAllBytes();
        }
    }

    private static byte[] bytes(JsonNode hex) {
        byte[] out = new byte[hex.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(hex.get(i).asText().substring(2), 16);
        }
        return out;
    }

    /** Every element of a pinned map, key to value, both in hex. */
    static Map<String, String> kernelMap(KernelOracle kernel, String map) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode e : JSON.readTree(kernel.dumpMap(map))) {
            out.put(HexFormat.of().formatHex(bytes(e.get("key"))), HexFormat.of().formatHex(bytes(e.get("value"))));
        }
        return out;
    }

    private static boolean hasOutOfMemory(String slotsInHex) {
        for (int i = 0; i + 16 <= slotsInHex.length(); i += 16) {
            if (slotsInHex.startsWith(ENOMEM, i)) {
                return true;
            }
        }
        return false;
    }

    static Map<String, String> emulatedMap(LoadedObject o, String map) {
        Map<String, String> out = new TreeMap<>();
        for (byte[] key : o.map(map).keys()) {
            out.put(HexFormat.of().formatHex(key), HexFormat.of().formatHex(o.map(map).lookup(key).orElseThrow()));
        }
        return out;
    }

    @Test
    void timerHelpersAndCallbacksAnswerAsTheKernelDoes() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        // under memory pressure the kernel's allocation of a timer can fail (-ENOMEM from
        // bpf_timer_init, seen once while the whole suite ran): such a load says nothing about
        // the emulator, so the comparison is made again on a fresh load
        for (int attempt = 1; attempt <= 3; attempt++) {
            if (compareTimers()) {
                return;
            }
        }
        assumeTrue(false, "the kernel could not allocate a timer (-ENOMEM) on three loads: nothing to compare with");
    }

    /** One comparison on fresh loads; false when the kernel ran out of memory for a timer. */
    private static boolean compareTimers() throws Exception {
        LoadedObject emulated = LoadedObject.load(ObjectSpec.parse("timers.o", object("timers.o")));
        try (KernelOracle kernel = KernelOracle.load(object("timers.o"), "timers")) {
            for (String program : new String[] {"timer_errors", "arm", "arm_hash", "delete_armed"}) {
                KernelOracle.KernelRun k = kernel.run(program, FRAME);
                long e = emulated.run(program, SkbInput.of(FRAME)).retval() & 0xffffffffL;
                Map<String, String> kernelOut = kernelMap(kernel, "out");
                if (kernelOut.values().stream().anyMatch(TimersKernelTest::hasOutOfMemory)) {
                    return false;
                }

                assertThat(e).as("%s: return value", program).isEqualTo(k.returnValue());
                assertThat(emulatedMap(emulated, "out")).as("%s: return values of the helpers", program).isEqualTo(kernelOut);
            }
            Thread.sleep(200);
            emulated.environment().clock().advanceNs(1_000_000_000L);

            for (String map : new String[] {"timers", "htimers"}) {
                assertThat(emulatedMap(emulated, map)).as("%s after the timers fired", map).isEqualTo(kernelMap(kernel, map));
            }
            return true;
        }
    }

    @Test
    void timerMisusesAreRefusedByBothWithTheKernelsReason() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        for (String name : new String[] {"timer_nobtf.o", "timer_tracing.o", "timer_callback_ret.o", "timer_percpu.o"}) {
            KernelOracle.Verdict kernel = KernelOracle.verify(object(name), name.replace(".o", "").replace('_', '-'));

            Throwable here = catchThrowable(() -> LoadedObject.load(ObjectSpec.parse(name, object(name))));

            assertThat(kernel.loaded()).as("%s loaded by the kernel", name).isFalse();
            assertThat(here).as("%s refused here", name).isInstanceOf(VerifierException.class);
            String reason = ((VerifierException) here).kernelMessage();
            assertThat(kernel.verifierLog()).as("%s: the kernel's log has this verifier's reason", name).contains(reason);
        }
    }

    @Test
    void workQueueCallbackRunsAfterTheSyscallRunAsInTheKernel() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        LoadedObject emulated = LoadedObject.load(ObjectSpec.parse("wq_syscall.o", object("wq_syscall.o")));
        try (KernelOracle kernel = KernelOracle.load(object("wq_syscall.o"), "wq-syscall")) {
            for (int run = 0; run < 2; run++) {
                KernelOracle.KernelRun k = kernel.runContextOnly("start_work", new byte[0]);
                long e = emulated.run("start_work", new RawInput(new byte[0])).retval() & 0xffffffffL;
                Thread.sleep(100);

                assertThat(e).as("run %d: return value", run).isEqualTo(k.returnValue());
                assertThat(emulatedMap(emulated, "works")).as("run %d: works", run).isEqualTo(kernelMap(kernel, "works"));
            }
        }
    }
}
