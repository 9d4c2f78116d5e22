package org.ebpftest.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Kfuncs and __ksym variables resolved through the running kernel's BTF, as libbpf resolves them. */
@Tag("kernel")
class KernelExternsTest {
    @BeforeEach
    void needsKernel() {
        KernelAvailable.assumeKernel();
    }

    @Test
    void resolvesTheXdpMetadataKfuncsWhichTheKernelRefusesInAProgramNotBoundToADevice() throws URISyntaxException {
        try (KernelObject kernel = KernelObject.load(resource("xdp_kfuncs.o"))) {
            // the kfuncs were found (an unknown one is refused earlier, naming it); their use is what the verifier refuses
            assertThatThrownBy(() -> kernel.loadProgram("rx_meta")).isInstanceOf(VerifierRefusedException.class)
                    .hasMessageContaining("verifier log:\nmetadata kfuncs require device-bound program\n");
        }
    }

    @Test
    void castsTheContextToTheKernelsXdpBuffThroughAKfunc() throws URISyntaxException {
        byte[] askingForTheLength = new byte[60];
        askingForTheLength[0] = 1;
        try (KernelObject kernel = KernelObject.load(resource("xdp_kfuncs.o"))) {
            // the emulator traps on this read (it does not emulate struct xdp_buff); the kernel answers
            assertThat(kernel.run("kern_ctx", XdpInput.of(askingForTheLength)).retval()).as("xdp_buff's data_end - data").isEqualTo(60);
        }
    }

    @Test
    void bothAgreesOnAKfuncCallThatReadsNoKernelField() throws URISyntaxException {
        LoadedObject emulator = LoadedObject.load(resource("xdp_kfuncs.o"));
        try (KernelTwin twin = KernelTwin.load(emulator, Backend.BOTH)) {
            assertThat(twin.runXdp("kern_ctx", XdpInput.of(new byte[60])).retval()).as("XDP_PASS").isEqualTo(2);
        }
    }

    @Test
    void refusesAKernelVariableTheKernelsBtfDoesNotDescribeInLibbpfsWords() throws URISyntaxException {
        try (KernelObject kernel = KernelObject.load(resource("ksym_read.o"))) {
            assertThatThrownBy(() -> kernel.loadProgram("read_when_asked")).isInstanceOf(KernelException.class)
                    .hasMessage("load program \"read_when_asked\" of ksym_read.o into the kernel: pc 8: extern (var ksym) "
                            + "'sysctl_unprivileged_bpf_disabled': not found in kernel BTF (/sys/kernel/btf/vmlinux)");
        }
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(KernelExternsTest.class.getResource("/" + name).toURI());
    }
}
