package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ebpftest.runtime.isa.Disassembler;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.vm.Program;
import org.ebpftest.runtime.vm.Vm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Differential test against the Linux kernel on this machine: random programs using every ALU,
 * ALU64, JMP, JMP32, load, store and atomic form (ISA v4 included) run both in the kernel, as TC
 * programs through BPF_PROG_TEST_RUN, and in the VM; r0 must agree. Skips, with the reason, where
 * the kernel cannot be asked (not root, no bpftool, no bpffs).
 */
@Tag("kernel")
class KernelDifferentialTest {
    private static final int PROGRAMS_PER_OBJECT = 100;
    private static final byte[] PACKET = new byte[64];

    @BeforeAll
    static void kernelAvailable() {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void randomProgramsReturnWhatTheKernelReturns(long seed) throws Exception {
        RandomPrograms generator = new RandomPrograms(seed);
        Map<String, List<Instruction>> programs = new LinkedHashMap<>();
        for (int i = 0; i < PROGRAMS_PER_OBJECT; i++) {
            programs.put("p" + seed + "_" + i, generator.next(40));
        }
        byte[] object = MinimalElfWriter.write("tc", programs);
        Vm vm = Vm.builder().build();

        try (KernelOracle kernel = KernelOracle.load(object, "diff" + seed)) {
            for (Map.Entry<String, List<Instruction>> p : programs.entrySet()) {
                long expected = kernel.run(p.getKey(), PACKET).returnValue();

                long actual = vm.run(Program.of(p.getKey(), p.getValue())) & 0xffffffffL;

                assertThat(actual)
                        .as("r0 of %s; program:%n%s", p.getKey(), Disassembler.listing(p.getValue()))
                        .isEqualTo(expected);
            }
        }
    }
}
