package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunRefusedException;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.uapi.Errno;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * xdp_map_programs.c: XDP programs for devmap and cpumap entries are refused by test_run with
 * EINVAL, in this machine's kernel and in the emulator; the plain XDP program beside them runs.
 */
@Tag("kernel")
class XdpMapProgramsKernelTest {
    private static final byte[] FRAME = {-1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 1, 8, 0};

    private static byte[] object() throws Exception {
        try (InputStream in = XdpMapProgramsKernelTest.class.getResourceAsStream("/elf/xdp_map_programs.o")) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"on_devmap", "on_cpumap"})
    void emulatorRefusesTheRunWithEinvalNamingTheMap(String program) throws Exception {
        LoadedObject emulated = LoadedObject.load(ObjectSpec.parse("xdp_map_programs.o", object()));

        RunRefusedException e = catchThrowableOfType(() -> emulated.run(program, XdpInput.of(FRAME)), RunRefusedException.class);

        assertThat(e.errno()).isEqualTo(Errno.EINVAL);
        assertThat(e).hasMessageContaining("test_run does not run XDP programs for " + program.substring(3) + " entries")
                .hasMessageContaining("program " + program);
    }

    @Test
    void kernelRefusesTheSameRunsAndRunsThePlainProgram() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        byte[] object = object();
        LoadedObject emulated = LoadedObject.load(ObjectSpec.parse("xdp_map_programs.o", object));
        try (KernelOracle kernel = KernelOracle.load(object, "xdpmap")) {
            for (String program : new String[] {"on_devmap", "on_cpumap"}) {
                KernelOracle.KernelRun k = kernel.run(program, FRAME);
                RunRefusedException e = catchThrowableOfType(() -> emulated.run(program, XdpInput.of(FRAME)), RunRefusedException.class);
                assertThat(k.refusal()).as(program).contains("Invalid argument");
                assertThat(e.errno()).as(program).isEqualTo(Errno.EINVAL);
            }
            KernelOracle.KernelRun plain = kernel.run("plain", FRAME);
            assertThat(plain.refusal()).isNull();
            assertThat(emulated.run("plain", XdpInput.of(FRAME)).retval()).isEqualTo(plain.returnValue()).isEqualTo(3);
        }
    }
}
