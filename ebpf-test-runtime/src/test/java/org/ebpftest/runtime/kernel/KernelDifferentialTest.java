package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ebpftest.runtime.isa.Disassembler;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.vm.JitMode;
import org.ebpftest.runtime.vm.Program;
import org.ebpftest.runtime.vm.Vm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Differential test against the Linux kernel on this machine: random programs using every ALU,
 * ALU64, JMP, JMP32, load, store and atomic form (ISA v4 included) run both in the kernel, as TC
 * programs through BPF_PROG_TEST_RUN, and in the VM, interpreted and compiled to JVM bytecode; r0
 * must agree. 1,000 programs from seed 1 in the normal build; long runs with
 * {@code -Debpftest.fuzz.cases=N -Debpftest.fuzz.seed=S}.
 * Program {@code i} comes from seed {@code S + i}, so a mismatch replays alone with its own seed
 * and {@code -Debpftest.fuzz.cases=1}. Skips, with the reason, where the kernel cannot be asked
 * (not root, no bpftool, no bpffs).
 */
@Tag("kernel")
class KernelDifferentialTest {
    private static final long SEED = 1;
    private static final long CASES = 1_000;
    private static final int PROGRAMS_PER_OBJECT = 100;
    private static final int LISTED = 10;
    private static final byte[] PACKET = new byte[64];

    @BeforeAll
    static void kernelAvailable() {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
    }

    @Test
    void randomProgramsReturnWhatTheKernelReturns() throws Exception {
        long seed = Long.parseLong(System.getProperty("ebpftest.fuzz.seed", Long.toString(SEED)).trim());
        long cases = Long.parseLong(System.getProperty("ebpftest.fuzz.cases", Long.toString(CASES)).trim());
        // The VM runs each program twice: interpreted and compiled to JVM bytecode.
        Vm interpreted = Vm.builder().jit(JitMode.OFF).build();
        Vm compiled = Vm.builder().jit(JitMode.ON).build();
        List<String> mismatches = new ArrayList<>();
        long mismatchCount = 0;

        for (long first = 0; first < cases; first += PROGRAMS_PER_OBJECT) {
            // given an object of up to 100 random programs, program i drawn from seed + i
            Map<String, List<Instruction>> programs = new LinkedHashMap<>();
            Map<String, Long> seeds = new LinkedHashMap<>();
            for (long i = first; i < Math.min(cases, first + PROGRAMS_PER_OBJECT); i++) {
                String name = "p" + (seed + i);
                programs.put(name, new RandomPrograms(seed + i).next(40));
                seeds.put(name, seed + i);
            }
            byte[] object = MinimalElfWriter.write("tc", programs);

            try (KernelOracle kernel = KernelOracle.load(object, "diff" + (seed + first))) {
                for (Map.Entry<String, List<Instruction>> p : programs.entrySet()) {
                    // when the kernel and the VM run it
                    long expected = kernel.run(p.getKey(), PACKET).returnValue();
                    Program program = Program.of(p.getKey(), p.getValue());
                    long actual = interpreted.run(program) & 0xffffffffL;
                    long jit = compiled.run(program) & 0xffffffffL;

                    // then r0 agrees, in both modes
                    if (actual != expected || jit != expected) {
                        mismatchCount++;
                        if (mismatches.size() < LISTED) {
                            mismatches.add("kernel " + expected + ", VM " + actual + ", VM with JIT " + jit + " for " + p.getKey() + " (replay alone: -Debpftest.fuzz.seed="
                                    + seeds.get(p.getKey()) + " -Debpftest.fuzz.cases=1):\n" + Disassembler.listing(p.getValue()));
                        }
                    }
                }
            }
        }
        System.out.println("kernel differential: seed " + seed + ", " + cases + " programs, " + mismatchCount + " mismatches");
        assertThat(mismatches).as("%d of %d programs disagree", mismatchCount, cases).isEmpty();
    }
}
