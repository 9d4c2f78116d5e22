package org.ebpftest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ebpftest.junit.GoldenSupport.file;
import static org.ebpftest.junit.GoldenSupport.frame;
import static org.ebpftest.junit.GoldenSupport.read;
import static org.ebpftest.junit.GoldenSupport.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ebpftest.kernel.KernelSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/**
 * Golden files recorded from the emulator, checked against the kernel's runs (everything the
 * kernel reports: return value, packet, metadata, maps, ring-buffer and perf records) and under
 * {@code both}.
 */
@Tag("kernel")
class GoldenKernelTest {
    @TempDir
    Path dir;

    @BeforeEach
    void needsKernel() {
        Assumptions.assumeTrue(KernelSupport.unavailableReason().isEmpty(), () -> "kernel backend unavailable: " + KernelSupport.unavailableReason().get());
    }

    @Test
    void aFileRecordedFromTheEmulatorMatchesTheKernelsRun() {
        Fixtures.assertAllPass(run(CountsOneFrame.class, dir, true), 1);

        Fixtures.assertAllPass(onBackend("kernel", false), 1);
        Fixtures.assertAllPass(onBackend("both", false), 1);
    }

    @Test
    void aKernelRunThatDiffersFromTheFileFailsWithTheDiffOfWhatTheKernelReports() throws IOException {
        run(CountsOneFrame.class, dir, true);
        Path json = file(dir, CountsOneFrame.class, "counts.json");
        // as if recorded from an older program that dropped the frame and counted another key
        String older = read(json).replace("{\"value\": 2, \"action\": \"XDP_PASS\"}", "{\"value\": 1, \"action\": \"XDP_DROP\"}")
                .replace("\"counted 5 len 64\"", "\"counted 5\"")
                .replace("\"00 05 40 00\"", "\"00 06 40 00\"");
        Files.writeString(json, older);

        Throwable failure = GoldenSupport.onlyFailure(CountsOneFrame.class, Map.of(Golden.DIRECTORY_PARAMETER, dir.toString(),
                Golden.UPDATE_PARAMETER, "false", "ebpftest.backend", "kernel"));

        assertThat(failure).isInstanceOf(AssertionFailedError.class).hasMessageContaining("""
                -  "return": {"value": 1, "action": "XDP_DROP"},
                +  "return": {"value": 2, "action": "XDP_PASS"},""")
                .as("printed lines are the emulator's alone: the kernel run takes the file's").hasMessageNotContaining("counted 5")
                .satisfies(e -> assertThat(e.getMessage()).as("the ring-buffer and perf records the kernel's run wrote")
                        .containsPattern("\n-.*\"00 06 40 00\"").containsPattern("\n\\+.*\"00 05 40 00\""));
    }

    @Test
    void refusesToWriteAGoldenFileFromAKernelRun() {
        Throwable failure = GoldenSupport.onlyFailure(CountsOneFrame.class, Map.of(Golden.DIRECTORY_PARAMETER, dir.toString(),
                Golden.UPDATE_PARAMETER, "true", "ebpftest.backend", "kernel"));

        assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessage("golden file [" + file(dir, CountsOneFrame.class, "counts.json")
                + "] cannot be written from a kernel run, which reports no redirect or printed lines: update golden files under "
                + "ebpftest.backend=emulator or both");
        assertThat(file(dir, CountsOneFrame.class, "counts.json")).doesNotExist();
    }

    private org.junit.platform.testkit.engine.EngineExecutionResults onBackend(String backend, boolean update) {
        return Fixtures.run(CountsOneFrame.class, Map.of(Golden.DIRECTORY_PARAMETER, dir.toString(), Golden.UPDATE_PARAMETER,
                Boolean.toString(update), "ebpftest.backend", backend));
    }

    @Fixture
    @BpfObject("bpf/recorder.o")
    static class CountsOneFrame {
        @Test
        void counts(BpfProgram recorder, Golden golden) {
            golden.check(recorder, frame(0, 5));
        }
    }
}
