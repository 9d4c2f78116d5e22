package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.vm.TrapException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * conntrack.c: the conntrack kfuncs are not emulated, so an object calling them loads, a run that
 * does not reach them answers as the kernel does, and one that does traps naming the kfunc.
 */
class ConntrackKfuncsKernelTest {
    private static byte[] object() throws IOException {
        try (InputStream in = ConntrackKfuncsKernelTest.class.getResourceAsStream("/elf/conntrack.o")) {
            return in.readAllBytes();
        }
    }

    @Test
    void aRunThatReachesAConntrackKfuncTrapsNamingIt() throws IOException {
        LoadedObject object = LoadedObject.load(ObjectSpec.parse("conntrack.o", object()));

        assertThatThrownBy(() -> object.run("ct_verdict", XdpInput.of(new byte[120])))
                .isInstanceOf(TrapException.class)
                .hasMessageContaining("kfunc bpf_xdp_ct_lookup is not emulated: the kernel provides it, the emulator does not")
                .hasMessageContaining("conntrack.c:");
    }

    @Test
    @Tag("kernel")
    void aRunThatDoesNotReachThemAnswersAsTheKernel() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        LoadedObject emulated = LoadedObject.load(ObjectSpec.parse("conntrack.o", object()));
        try (KernelOracle kernel = KernelOracle.load(object(), "conntrack")) {
            byte[] frame = new byte[60];

            assertThat((long) emulated.run("ct_verdict", XdpInput.of(frame)).retval()).isEqualTo(kernel.run("ct_verdict", frame).returnValue());
        }
    }
}
