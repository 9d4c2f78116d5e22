package org.ebpftest.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ebpftest.cli.Cli.frame;
import static org.ebpftest.cli.Cli.object;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ebpftest.cli.Cli.Outcome;
import org.ebpftest.kernel.KernelSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --backend}: the same run in the running kernel, or in both compared. */
class RunBackendTest {
    @TempDir
    Path dir;

    @Test
    void refusesAnUnknownBackend() {
        Outcome o = Cli.run("run", object("programs.o"), "--program", "xdp_len", "--backend", "qemu");

        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).startsWith("run: --backend is [qemu], but the backend is one of [emulator, kernel, both]\n");
    }

    @Test
    @Tag("kernel")
    void runsInTheKernelWithItsDurationAndDataOut() throws IOException {
        needsKernel();
        Path in = Files.write(dir.resolve("in.bin"), frame(120));
        Path out = dir.resolve("out.bin");

        Outcome o = Cli.run("run", object("programs.o"), "--program", "xdp_len", "--data-in", in.toString(), "--data-out", out.toString(),
                "--repeat", "10", "--backend", "kernel");

        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).matches("Return value: 1, duration \\(average\\): \\d+ns\n");
        assertThat(out).hasBinaryContent(frame(120));
    }

    @Test
    @Tag("kernel")
    void comparesBothBackendsAndPassesWhenTheyAgree() throws IOException {
        needsKernel();
        Path in = Files.write(dir.resolve("in.bin"), frame(60));

        Outcome o = Cli.run("run", object("programs.o"), "--program", "tc_mark", "--data-in", in.toString(), "--backend", "both");

        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).matches("Return value: 0, duration: \\d+ns\n");
    }

    private static void needsKernel() {
        Assumptions.assumeTrue(KernelSupport.unavailableReason().isEmpty(), () -> "kernel backend unavailable: " + KernelSupport.unavailableReason().get());
    }
}
